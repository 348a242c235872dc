import { useI18n } from '../../i18n/i18n'
import type { Scope } from '../../lib/scope'
import { statusRank } from '../../lib/status'
import type { Area, ScorecardIndicator } from '../../lib/types'
import { IndicatorCard } from './IndicatorCard'

interface Props {
  area: Area
  indicators: ScorecardIndicator[]
  scope: Scope
  notApplicable: string
}

export function AreaGroup({ area, indicators, scope, notApplicable }: Props) {
  const { pick } = useI18n()
  if (indicators.length === 0) return null
  // Array.prototype.sort is stable: within a rank, catalog order stays.
  const sorted = [...indicators].sort(
    (a, b) => Number(!a.applicable) - Number(!b.applicable) || statusRank(a.status) - statusRank(b.status),
  )
  const headingId = `area-${area.code}`
  return (
    <section className="area" aria-labelledby={headingId}>
      <h2 id={headingId}>{pick(area.name_zh, area.name_en)}</h2>
      <ul className="cards">
        {sorted.map((ind) => (
          <li key={ind.id}>
            <IndicatorCard indicator={ind} scope={scope} notApplicable={notApplicable} />
          </li>
        ))}
      </ul>
    </section>
  )
}
