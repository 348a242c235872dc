import { useQuery } from '@tanstack/react-query'
import { useI18n } from '../../i18n/i18n'
import { useTRPC } from '../../trpc'

/**
 * Warns when the working-day calendar has no rows for the previous or the current year:
 * working days there count Monday–Friday alone, without holidays and make-up days.
 */
export function CalendarWarning() {
  const { t, lang } = useI18n()
  const trpc = useTRPC()
  const gaps = useQuery(trpc.admin.calendarGaps.queryOptions())
  const years = gaps.data?.missing_years ?? []
  if (years.length === 0) return null
  return (
    <p className="banner banner-warn" role="status" data-testid="calendar-warning">
      {t('adm.calendarMissing', { years: years.join(lang === 'zh' ? '、' : ', ') })}
    </p>
  )
}
