import type { ReactNode } from 'react'
import { status } from '../../../../../indicators/progress'
import { QueryState } from '../../components/QueryState'
import { useI18n } from '../../i18n/i18n'
import type { BreakdownRow, CatalogIndicator } from '../../lib/types'
import { BreakdownBars } from './BreakdownBars'
import { BreakdownTable } from './BreakdownTable'

interface Props {
  title: string
  testId: string
  indicator: CatalogIndicator
  rows: BreakdownRow[]
  /** The date the figures stand at (the server's as-of date for the scope). */
  asOf: string
  actionLabel: string | undefined
  onAction: (row: BreakdownRow) => void
  top: ReactNode
}

/** A breakdown as a bar chart and a table (rows arrive sorted by gap, largest first). */
const isMissing = (code: string) => code === '' || code === 'null'

export function BreakdownSection({
  title,
  testId,
  indicator,
  rows,
  asOf,
  actionLabel,
  onAction,
  top,
}: Props) {
  const { t } = useI18n()
  // Rows without a code (facts with no region) are named as such and cannot be drilled into.
  const withStatus = rows.map((r) => ({
    ...r,
    name: isMissing(r.code) ? t('ind.unknownRegion') : r.name,
    drillable: !isMissing(r.code),
    status: status(indicator, r.value, asOf),
  }))
  return (
    <section className="card panel" aria-label={title} data-testid={testId}>
      <header className="panel-head">
        <h2>{title}</h2>
      </header>
      {top}
      <QueryState isPending={false} error={null} isEmpty={rows.length === 0}>
        <BreakdownBars rows={withStatus} unit={indicator.unit} target={rows[0]?.target ?? null} />
        <BreakdownTable
          rows={withStatus}
          unit={indicator.unit}
          direction={indicator.direction}
          actionLabel={actionLabel}
          onAction={onAction}
        />
      </QueryState>
    </section>
  )
}
