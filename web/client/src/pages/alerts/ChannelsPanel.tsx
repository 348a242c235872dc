import { useMutation, useQuery } from '@tanstack/react-query'
import { Panel } from '../../components/Panel'
import { useI18n } from '../../i18n/i18n'
import { channelLabel, deliveryStatusLabel, scheduleText } from '../../lib/alerts'
import { errorMessage } from '../../lib/errors'
import { localMessage } from '../../lib/message'
import type { Outputs } from '../../lib/types'
import { useTRPC } from '../../trpc'
import { useRefreshAlerts } from './refresh'

type Summary = Outputs['alerts']['runNow']

/** How many lines of a run's detail are listed (a run may reach every account). */
const LINES_SHOWN = 50

/** 发送渠道 (admins): whether email is set up, where links point, when runs start; 立即运行. */
export function ChannelsPanel() {
  const { t } = useI18n()
  const trpc = useTRPC()
  const refresh = useRefreshAlerts()
  const channels = useQuery(trpc.alerts.channels.queryOptions())
  const run = useMutation(trpc.alerts.runNow.mutationOptions({ onSettled: () => refresh() }))
  const c = channels.data
  return (
    <Panel
      title={t('al.ch.title')}
      isPending={channels.isPending}
      error={channels.error}
      onRetry={() => channels.refetch()}
      testId="channels"
      actions={
        <button
          type="button"
          className="btn btn-primary btn-small"
          disabled={run.isPending}
          onClick={() => run.mutate()}
        >
          {run.isPending ? t('al.running') : t('al.run')}
        </button>
      }
    >
      {c ? (
        <ul className="al-channels">
          <li>
            <span className={`badge ${c.email ? 'run-succeeded' : 'al-badge-off'}`}>
              {c.email ? t('al.ch.emailOn') : t('al.ch.emailOff')}
            </span>{' '}
            {c.email ? (
              t('al.ch.from', { from: c.mail_from })
            ) : (
              <span className="banner-warn al-warn-note" data-testid="email-note">
                {t('al.ch.noEmail')}
              </span>
            )}
          </li>
          <li>{t('al.ch.inapp')}</li>
          <li data-testid="link-note">
            {c.public_url ? t('al.ch.publicUrl', { url: c.public_url }) : t('al.ch.noPublicUrl')}
          </li>
          <li>{t('al.ch.schedule', { when: scheduleText(t, c.schedule) })}</li>
        </ul>
      ) : null}
      {run.error ? (
        <p className="form-error" role="alert">
          {errorMessage(run.error)}
        </p>
      ) : null}
      {run.data ? <RunResult summary={run.data} /> : null}
    </Panel>
  )
}

function RunResult({ summary }: { summary: Summary }) {
  const { t, lang } = useI18n()
  const lines = [...summary.failed, ...summary.sent]
  return (
    <div className="al-run" data-testid="run-summary">
      <p className="banner banner-info" role="status">
        {t('al.runDone', {
          sent: summary.sent.length,
          skipped: summary.skipped,
          failed: summary.failed.length,
        })}
      </p>
      {summary.errors.map((e) => (
        <p key={e} className="form-error">
          {localMessage(e, lang)}
        </p>
      ))}
      {lines.length ? (
        <details className="al-run-lines">
          <summary>{t('al.runLines')}</summary>
          <ul>
            {lines.slice(0, LINES_SHOWN).map((l, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: the lines of one run, never reordered
              <li key={i}>
                {channelLabel(t, l.channel)} · {l.recipient} · {l.subject} ·{' '}
                {deliveryStatusLabel(t, l.status)}
                {l.error ? ` · ${localMessage(l.error, lang)}` : ''}
              </li>
            ))}
          </ul>
          {lines.length > LINES_SHOWN ? (
            <p className="muted small">
              {t('ds.pageInfo', { from: 1, to: LINES_SHOWN, total: lines.length })}
            </p>
          ) : null}
        </details>
      ) : null}
    </div>
  )
}
