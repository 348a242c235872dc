import { keepPreviousData, useQuery } from '@tanstack/react-query'
import { useState } from 'react'
import { Panel } from '../../components/Panel'
import { useI18n } from '../../i18n/i18n'
import { useTRPC } from '../../trpc'

/** Differences per page (the server answers at most 500). */
const PAGE = 50

/** A target as it was entered: rates as a percentage (no rounding beyond 4 places), counts whole. */
function targetText(v: number | null, unit: string, lang: 'zh' | 'en'): string {
  if (v === null) return ''
  if (unit === '%') return `${Number((v * 100).toFixed(4))}%`
  return v.toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-US')
}

/** What one version changed against the one before it: 新增 / 修改 / 删除 rows with 原值 → 新值, a page at a time. */
export function VersionDiff({ id }: { id: number }) {
  const { t, lang } = useI18n()
  const trpc = useTRPC()
  const [offset, setOffset] = useState(0)
  const diff = useQuery({
    ...trpc.targets.versionDiff.queryOptions({ id, offset, limit: PAGE }),
    placeholderData: keepPreviousData,
  })
  const d = diff.data
  const title =
    d && d.against !== null ? t('tv.diffTitle', { id, against: d.against }) : t('tv.diffFirst', { id })
  return (
    <Panel
      title={title}
      isPending={diff.isPending}
      error={diff.error}
      onRetry={() => diff.refetch()}
      testId="version-diff"
    >
      {d ? (
        <div className="stack">
          <p>{t('tv.diffCounts', { a: d.counts.added, c: d.counts.changed, r: d.counts.removed })}</p>
          {d.total === 0 ? <p className="muted">{t('tv.noDiff')}</p> : null}
          {d.rows.length > 0 ? (
            <div className="table-wrap">
              <table className="table">
                <thead>
                  <tr>
                    <th scope="col">{t('tv.change')}</th>
                    <th scope="col">{t('tv.unit')}</th>
                    <th scope="col">{t('tv.indicator')}</th>
                    <th scope="col" className="num">
                      {t('tv.before')}
                    </th>
                    <th scope="col" className="num">
                      {t('tv.after')}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {d.rows.map((r) => (
                    <tr
                      key={`${r.unit_type}:${r.unit_code}:${r.indicator_id}`}
                      className={`tv-row-${r.change}`}
                    >
                      <td>
                        <span className={`badge tv-badge-${r.change}`}>{t(`tv.change.${r.change}`)}</span>
                      </td>
                      <td>
                        {r.unit_name}
                        {r.unit_name !== r.unit_code ? <span className="muted"> {r.unit_code}</span> : null}
                        <span className="muted">（{t(`rk.unit.${r.unit_type}`)}）</span>
                      </td>
                      <td>{r.indicator_name}</td>
                      <td className="num">{targetText(r.before, r.indicator_unit, lang)}</td>
                      <td className="num">
                        {r.before !== null && r.after !== null ? (
                          <span className="muted" aria-hidden="true">
                            →{' '}
                          </span>
                        ) : null}
                        {targetText(r.after, r.indicator_unit, lang)}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : null}
          {d.total > PAGE ? (
            <div className="toolbar">
              <span className="muted">
                {t('tv.page', {
                  from: d.offset + 1,
                  to: Math.min(d.offset + d.rows.length, d.total),
                  total: d.total,
                })}
              </span>
              <button
                type="button"
                className="btn btn-small"
                disabled={offset === 0}
                onClick={() => setOffset(Math.max(0, offset - PAGE))}
              >
                {t('tv.prev')}
              </button>
              <button
                type="button"
                className="btn btn-small"
                disabled={offset + PAGE >= d.total}
                onClick={() => setOffset(offset + PAGE)}
              >
                {t('tv.next')}
              </button>
            </div>
          ) : null}
        </div>
      ) : null}
    </Panel>
  )
}
