import { useId, useState } from 'react'
import { useI18n } from '../../i18n/i18n'
import { formatPoints, formatRankChange } from './format'
import { defaultDir, filterRows, type Sort, type SortKey, sortRows } from './rows'
import type { RankingRow } from './types'

interface Props {
  rows: RankingRow[]
  selected: string | null
  onOpen: (code: string) => void
}

const NUMERIC: SortKey[] = ['total', 'base', 'bonus', 'adjustment', 'rank_change', 'total_change']

/** Presentational: the ranking, sortable by any column (click or Enter on the header) and filtered by name. */
export function RankingTable({ rows, selected, onOpen }: Props) {
  const { t, lang } = useI18n()
  const id = useId()
  const [sort, setSort] = useState<Sort>({ key: 'rank', dir: 'asc' })
  const [query, setQuery] = useState('')
  const shown = sortRows(filterRows(rows, query), sort, lang)
  const toggle = (key: SortKey) =>
    setSort((s) =>
      s.key === key ? { key, dir: s.dir === 'asc' ? 'desc' : 'asc' } : { key, dir: defaultDir(key) },
    )
  const header = (key: SortKey) => {
    const active = sort.key === key
    const ariaSort = active ? (sort.dir === 'asc' ? 'ascending' : 'descending') : 'none'
    return (
      <th
        key={key}
        scope="col"
        aria-sort={ariaSort}
        className={key === 'name' || key === 'rank' ? '' : 'num'}
      >
        <button
          type="button"
          className="sort-btn"
          onClick={() => toggle(key)}
          title={t('rk.sortBy', { col: t(`rk.col.${key}`) })}
        >
          {t(`rk.col.${key}`)}
          <span aria-hidden="true" className="sort-mark">
            {active ? (sort.dir === 'asc' ? '▲' : '▼') : '↕'}
          </span>
        </button>
      </th>
    )
  }
  return (
    <div className="stack-sm">
      <div className="filters">
        <div className="field">
          <label htmlFor={`${id}-q`}>{t('rk.filter')}</label>
          <input
            id={`${id}-q`}
            type="search"
            value={query}
            placeholder={t('rk.filterPlaceholder')}
            onChange={(e) => setQuery(e.target.value)}
          />
        </div>
        <span className="muted" role="status">
          {t('rk.count', { n: shown.length, all: rows.length })}
        </span>
      </div>
      {shown.length === 0 ? (
        <div className="state state-empty">{t('rk.noMatch', { q: query.trim() })}</div>
      ) : (
        <div className="table-wrap">
          <table className="table rk-table" data-testid="ranking-table">
            <thead>
              <tr>
                {header('rank')}
                {header('name')}
                {NUMERIC.map(header)}
              </tr>
            </thead>
            <tbody>
              {shown.map((r) => (
                <Row key={r.code} row={r} selected={r.code === selected} onOpen={onOpen} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  )
}

function Row({
  row,
  selected,
  onOpen,
}: {
  row: RankingRow
  selected: boolean
  onOpen: (code: string) => void
}) {
  const { t } = useI18n()
  const move = formatRankChange(row.rank_change, t)
  return (
    <tr className={selected ? 'row-selected' : undefined} aria-current={selected ? 'true' : undefined}>
      <td className="rk-rank">{row.rank ?? t('rk.unranked')}</td>
      <th scope="row">
        <button
          type="button"
          className="link-button"
          aria-label={t('rk.open', { name: row.name })}
          aria-expanded={selected}
          onClick={() => onOpen(row.code)}
        >
          {row.name}
        </button>
      </th>
      <td className="num rk-total">{formatPoints(row.total, t)}</td>
      <td className="num">{formatPoints(row.base, t)}</td>
      <td className="num">{formatPoints(row.bonus, t)}</td>
      <td className="num">{formatPoints(row.adjustment, t, true)}</td>
      <td className={`num rk-move rk-move-${move.dir}`}>
        <span aria-hidden="true">{move.text}</span>
        <span className="sr-only">{move.label}</span>
      </td>
      <td className="num">{formatPoints(row.total_change, t, true)}</td>
    </tr>
  )
}
