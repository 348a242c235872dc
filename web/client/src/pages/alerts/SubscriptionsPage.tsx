import { useQuery } from '@tanstack/react-query'
import { QueryState } from '../../components/QueryState'
import { useI18n } from '../../i18n/i18n'
import { subscriptionLabel } from '../../lib/alerts'
import { href } from '../../lib/router'
import { useTRPC } from '../../trpc'
import { SubscriptionItem } from './SubscriptionItem'
import './alerts.css'

/** 我的订阅: what this role may subscribe to, each on or off, optionally by email too. */
export function SubscriptionsPage() {
  const { t } = useI18n()
  const trpc = useTRPC()
  const subs = useQuery(trpc.alerts.subscriptions.queryOptions(undefined, { staleTime: 0 }))
  const kinds = subs.data?.kinds ?? []
  const emailEnabled = subs.data?.email_enabled ?? false
  return (
    <div className="stack al-page" aria-busy={subs.isFetching}>
      <h1>{t('sub.title')}</h1>
      <p className="muted">{t('sub.intro')}</p>
      <p>
        <a href={href('/notifications')}>{t('sub.toCentre')}</a>
      </p>
      {subs.data && !emailEnabled ? (
        <p className="banner banner-info" data-testid="no-email-note">
          {t('sub.noEmail')}
        </p>
      ) : null}
      <section className="card panel" aria-label={t('sub.listLabel')} data-testid="subscriptions">
        <QueryState
          isPending={subs.isPending}
          error={subs.error}
          isEmpty={kinds.length === 0}
          emptyText={t('sub.none')}
          onRetry={() => subs.refetch()}
        >
          <ul className="al-subs">
            {kinds.map((k) => {
              const current = subs.data?.rows.find((r) => r.kind === k.kind)
              return (
                <SubscriptionItem
                  key={k.kind}
                  kind={k.kind}
                  label={subscriptionLabel(t, k.kind, k.label)}
                  current={current ?? null}
                  emailEnabled={emailEnabled}
                />
              )
            })}
          </ul>
        </QueryState>
      </section>
    </div>
  )
}
