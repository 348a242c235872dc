import { useQuery } from '@tanstack/react-query'
import { useI18n } from '../i18n/i18n'
import { badgeText } from '../lib/alerts'
import { href, navigate } from '../lib/router'
import { useTRPC } from '../trpc'

/** How often the bell asks for the unread count. */
const POLL_MS = 60_000

/**
 * The top bar's bell: the unread count (asked every minute, and again whenever the
 * notification centre marks something read), opening the notification centre; beside it, the
 * way to one's subscriptions.
 */
export function Bell({ current }: { current: boolean }) {
  const { t } = useI18n()
  const trpc = useTRPC()
  const count = useQuery(
    trpc.alerts.unreadCount.queryOptions(undefined, { refetchInterval: POLL_MS, staleTime: POLL_MS / 2 }),
  )
  const unread = count.data?.unread ?? 0
  const badge = badgeText(unread)
  return (
    <span className="bell-area">
      <button
        type="button"
        className="btn btn-small bell"
        aria-label={unread > 0 ? t('al.bellUnread', { n: unread }) : t('al.bell')}
        aria-current={current ? 'page' : undefined}
        data-testid="bell"
        onClick={() => navigate('/notifications')}
      >
        <svg className="bell-icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
          <path d="M12 3a6 6 0 0 0-6 6v3.6L4.3 15.4A1 1 0 0 0 5.2 17h13.6a1 1 0 0 0 .9-1.6L18 12.6V9a6 6 0 0 0-6-6Z" />
          <path d="M9.5 19a2.5 2.5 0 0 0 5 0" />
        </svg>
        {badge ? (
          <span className="bell-badge" data-testid="bell-badge">
            {badge}
          </span>
        ) : null}
      </button>
      <a className="bell-subs" href={href('/subscriptions')}>
        {t('al.mySubs')}
      </a>
    </span>
  )
}
