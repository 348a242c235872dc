import type { Direction } from '../../../../../indicators/catalog.schema'
import { StatusBadge } from '../../components/StatusBadge'
import { useI18n } from '../../i18n/i18n'
import { formatGap, formatValue, type Unit } from '../../lib/format'
import type { BreakdownRow, Status } from '../../lib/types'

interface Props {
  rows: Array<BreakdownRow & { status: Status; drillable: boolean }>
  unit: Unit
  direction: Direction
  actionLabel: string | undefined
  onAction: (row: BreakdownRow) => void
}

export function BreakdownTable({ rows, unit, direction, actionLabel, onAction }: Props) {
  const { t } = useI18n()
  return (
    <div className="table-wrap">
      <table className="table">
        <thead>
          <tr>
            <th scope="col">{t('ind.name')}</th>
            <th scope="col" className="num">
              {t('ind.value')}
            </th>
            <th scope="col" className="num">
              {t('sc.gap')}
            </th>
            <th scope="col">{t('ind.status')}</th>
            {actionLabel && <th scope="col">{t('ind.actions')}</th>}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.code}>
              <th scope="row">{r.name}</th>
              <td className="num">{formatValue(r.value, unit, t)}</td>
              <td className="num">{formatGap(r.gap, unit, direction, t)}</td>
              <td>
                <StatusBadge status={r.status} />
              </td>
              {actionLabel && (
                <td>
                  {r.drillable && (
                    <button
                      type="button"
                      className="btn btn-small"
                      onClick={() => onAction(r)}
                      aria-label={`${actionLabel}：${r.name}`}
                    >
                      {actionLabel}
                    </button>
                  )}
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
