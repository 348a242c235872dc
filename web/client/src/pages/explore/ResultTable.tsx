import { useState } from 'react'
import { cellText, type ExploreColumn, numberText } from '../../../../shared/explore-format'
import { useI18n } from '../../i18n/i18n'
import { cellLabels } from './labels'

interface Props {
  rows: Array<Record<string, unknown>>
  columns: ExploreColumn[]
}

export const PAGE_SIZE = 100

/**
 * The result, one page of PAGE_SIZE rows at a time (a 50,000-row result renders as fast as
 * a 100-row one), cells formatted by their column (rates as %, counts grouped, months as
 * 2025-01, empty values as （空）). Its parent keys it by result, so a new result starts
 * on page 1.
 */
export function ResultTable({ rows, columns }: Props) {
  const { t } = useI18n()
  const labels = cellLabels(t)
  const [page, setPage] = useState(0)
  const pages = Math.max(1, Math.ceil(rows.length / PAGE_SIZE))
  const current = Math.min(page, pages - 1)
  const shown = rows.slice(current * PAGE_SIZE, (current + 1) * PAGE_SIZE)
  const numeric = (c: ExploreColumn) => (c.role === 'measure' ? 'num' : undefined)
  return (
    <>
      <div className="table-wrap table-scroll">
        <table className="table">
          <thead>
            <tr>
              {columns.map((c) => (
                <th key={c.key} scope="col" className={numeric(c)}>
                  {c.title}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {shown.map((r, i) => (
              // Rows have no natural key; their position is stable for one page of one result.
              // biome-ignore lint/suspicious/noArrayIndexKey: see above
              <tr key={i}>
                {columns.map((c) => (
                  <td key={c.key} className={numeric(c)}>
                    {cellText(c, r[c.key], labels)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <nav className="ex-pager" aria-label={t('ex.pager')} data-testid="explore-pager">
        <button
          type="button"
          className="btn btn-small"
          disabled={current === 0}
          onClick={() => setPage(current - 1)}
        >
          {t('ex.prevPage')}
        </button>
        <span role="status">
          {t('ex.page', { page: current + 1, pages: numberText(pages), rows: numberText(rows.length) })}
        </span>
        <button
          type="button"
          className="btn btn-small"
          disabled={current >= pages - 1}
          onClick={() => setPage(current + 1)}
        >
          {t('ex.nextPage')}
        </button>
      </nav>
    </>
  )
}
