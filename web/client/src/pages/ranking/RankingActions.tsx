import { useMutation, useQueryClient } from '@tanstack/react-query'
import { useI18n } from '../../i18n/i18n'
import { fileUrl } from '../../lib/download'
import { errorMessage } from '../../lib/errors'
import { href } from '../../lib/router'
import type { Me } from '../../lib/types'
import { useTRPC, useTRPCClient } from '../../trpc'
import { ConfirmAction } from './ConfirmAction'
import { Downloads } from './Downloads'
import { periodLabel } from './period'
import { RankingStatusBadge } from './StatusBadge'
import type { RankingScope, RankingView } from './types'
import { WithdrawPanel } from './WithdrawPanel'

type Action = 'freeze' | 'unfreeze' | 'publish'

/**
 * What each status allows: freeze a live ranking; publish or unfreeze a frozen one. A
 * published one is withdrawn by request and a second person's approval (WithdrawPanel).
 */
const ACTIONS: Record<RankingView['status'], Action[]> = {
  live: ['freeze'],
  frozen: ['publish', 'unfreeze'],
  published: [],
}

interface Props {
  me: Me
  scope: RankingScope
  view: RankingView
}

/** Container: the period's status, freeze / unfreeze / publish (with a confirm step) and the ranking downloads. */
export function RankingActions({ me, scope, view }: Props) {
  const { t } = useI18n()
  const trpc = useTRPC()
  const client = useTRPCClient()
  const queryClient = useQueryClient()
  const change = useMutation({
    mutationFn: async (action: Action): Promise<unknown> => client.ranking[action].mutate(scope),
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries(trpc.ranking.get.pathFilter()),
        queryClient.invalidateQueries(trpc.ranking.history.pathFilter()),
        queryClient.invalidateQueries(trpc.appeals.review.pathFilter()),
        // The target versions list which rankings used each version.
        queryClient.invalidateQueries(trpc.targets.versions.pathFilter()),
      ]),
  })
  const what = t('rk.what', { period: periodLabel(scope.period, t), unit: t(`rk.unit.${scope.unitType}`) })
  return (
    <section className="card rk-actions" aria-label={t('rk.status.label')}>
      <RankingStatusBadge
        status={view.status}
        changedBy={view.changed_by}
        changedAt={view.changed_at}
        people={view.people}
      />
      {view.targets ? (
        <p className="muted" data-testid="ranking-targets">
          {view.targets.version === null ? (
            t('rk.targets.plan')
          ) : (
            <a href={href('/targets')}>{t('rk.targets.version', { id: view.targets.version })}</a>
          )}
        </p>
      ) : null}
      <div className="toolbar">
        {ACTIONS[view.status].map((a) => (
          <ConfirmAction
            key={`${view.status}-${a}`}
            label={t(`rk.${a}`)}
            question={t(`rk.ask.${a}`, { what })}
            confirmLabel={t(`rk.confirm.${a}`)}
            busy={change.isPending}
            primary={a !== 'unfreeze'}
            onConfirm={() => change.mutate(a)}
          />
        ))}
        {view.status === 'published' && <WithdrawPanel me={me} scope={scope} view={view} what={what} />}
        {change.error && (
          <span role="alert" className="form-error">
            {errorMessage(change.error)}
          </span>
        )}
      </div>
      <Downloads
        label={t('rk.downloads')}
        items={[
          {
            id: 'xlsx',
            label: t('rk.dl.rankingXlsx'),
            url: fileUrl('ranking', 'exportRanking', { ...scope, format: 'xlsx' }),
          },
          {
            id: 'pdf',
            label: t('rk.dl.rankingPdf'),
            url: fileUrl('ranking', 'exportRanking', { ...scope, format: 'pdf' }),
          },
          {
            id: 'briefing',
            label: t('rk.dl.briefing'),
            url: fileUrl('ranking', 'briefing', { year: scope.period.year }),
          },
        ]}
      />
    </section>
  )
}
