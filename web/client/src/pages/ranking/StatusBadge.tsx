import { useI18n } from '../../i18n/i18n'
import { formatTime } from '../../lib/format'
import { personName } from './format'
import type { RankingStatus } from './types'

interface Props {
  status: RankingStatus
  changedBy: string | null
  changedAt: string | null
  /** username → display name */
  people: Record<string, string>
}

/** 实时计算 / 已冻结 / 已发布 with who changed it and when (colour plus text). */
export function RankingStatusBadge({ status, changedBy, changedAt, people }: Props) {
  const { t } = useI18n()
  const by = changedBy
    ? t(`rk.status.by.${status}`, { who: personName(changedBy, people, t), when: formatTime(changedAt) })
    : null
  return (
    <p className="rk-status" data-testid="ranking-status">
      <span className={`badge rk-state-${status}`}>{t(`rk.status.${status}`)}</span>
      <span className="muted">{status === 'live' && !by ? t('rk.status.liveHint') : by}</span>
    </p>
  )
}
