import { useMutation, useQuery } from '@tanstack/react-query'
import { useState } from 'react'
import { Panel } from '../../components/Panel'
import { useI18n } from '../../i18n/i18n'
import { type Rule, ruleKindLabel, ruleSummary, sortRoles, webhookLabel } from '../../lib/alerts'
import { errorMessage } from '../../lib/errors'
import { formatTime } from '../../lib/format'
import { useTRPC } from '../../trpc'
import { ConfirmAction } from '../ranking/ConfirmAction'
import { useRefreshAlerts } from './refresh'

type Notice = { ok: boolean; text: string } | null

/** The rules: what each watches, whom it tells and how; switched on and off, or deleted. */
export function RulesTable() {
  const { t } = useI18n()
  const trpc = useTRPC()
  const refresh = useRefreshAlerts()
  const rules = useQuery(trpc.alerts.rules.queryOptions())
  const departments = useQuery(trpc.reference.departments.queryOptions())
  const deptName = (code: string) => departments.data?.find((d) => d.code === code)?.name ?? code
  const [notice, setNotice] = useState<Notice>(null)
  const options = {
    onMutate: () => setNotice(null),
    onError: (err: unknown) => setNotice({ ok: false, text: errorMessage(err) }),
    onSettled: () => refresh(),
  }
  const setEnabled = useMutation(trpc.alerts.setRuleEnabled.mutationOptions(options))
  const remove = useMutation(trpc.alerts.deleteRule.mutationOptions(options))
  const rows = rules.data?.rows ?? []
  return (
    <Panel
      title={t('al.rules')}
      isPending={rules.isPending}
      error={rules.error}
      onRetry={() => rules.refetch()}
      testId="rules"
    >
      {notice ? (
        <p
          className={notice.ok ? 'banner banner-info' : 'form-error'}
          role="status"
          data-testid="rules-notice"
        >
          {notice.text}
        </p>
      ) : null}
      {rows.length === 0 ? (
        <p className="muted">{t('al.noRules')}</p>
      ) : (
        <div className="table-wrap">
          <table className="table al-rules" data-testid="rules-table">
            <thead>
              <tr>
                <th scope="col">{t('al.col.name')}</th>
                <th scope="col">{t('al.col.kind')}</th>
                <th scope="col">{t('al.col.threshold')}</th>
                <th scope="col">{t('al.col.audience')}</th>
                <th scope="col">{t('al.col.emails')}</th>
                <th scope="col">{t('al.col.webhook')}</th>
                <th scope="col">{t('al.col.enabled')}</th>
                <th scope="col">{t('al.col.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <RuleRow
                  key={r.id}
                  rule={r}
                  summary={ruleSummary(t, r.kind, r.params, deptName)}
                  busy={setEnabled.isPending || remove.isPending}
                  onEnabled={(enabled) =>
                    setEnabled.mutate(
                      { id: r.id, enabled },
                      {
                        onSuccess: () =>
                          setNotice({
                            ok: true,
                            text: t(enabled ? 'al.enabledDone' : 'al.disabledDone', { name: r.name }),
                          }),
                      },
                    )
                  }
                  onDelete={() =>
                    remove.mutate(
                      { id: r.id },
                      { onSuccess: () => setNotice({ ok: true, text: t('al.deleted', { name: r.name }) }) },
                    )
                  }
                />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Panel>
  )
}

interface RowProps {
  rule: Rule
  summary: string
  busy: boolean
  onEnabled: (enabled: boolean) => void
  onDelete: () => void
}

function RuleRow({ rule: r, summary, busy, onEnabled, onDelete }: RowProps) {
  const { t } = useI18n()
  return (
    <tr data-rule={r.id} className={r.enabled ? undefined : 'row-muted'}>
      <th scope="row" className="wrap">
        {r.name}
        <div className="muted small">
          {t('al.createdBy', { name: r.created_by, time: formatTime(r.created_at) })}
        </div>
      </th>
      <td className="wrap">{ruleKindLabel(t, r.kind, r.kind_label)}</td>
      <td className="wrap" data-col="threshold">
        {summary}
      </td>
      <td className="wrap" data-col="audience">
        {r.audience.length
          ? sortRoles(r.audience)
              .map((role) => t(`role.${role}`))
              .join(t('al.listSep'))
          : t('sc.none')}
      </td>
      <td className="wrap">{r.emails.length ? r.emails.join(t('al.listSep')) : t('sc.none')}</td>
      <td className="wrap">
        {r.webhook ? (
          <>
            {webhookLabel(t, r.webhook.kind)}
            {r.webhook.signed ? <span className="tag al-tag">{t('al.signed')}</span> : null}
            <div className="muted small al-url">{r.webhook.url}</div>
          </>
        ) : (
          t('sc.none')
        )}
      </td>
      <td>
        <label className="check al-switch">
          <input
            type="checkbox"
            role="switch"
            aria-checked={r.enabled}
            checked={r.enabled}
            disabled={busy}
            aria-label={t('al.enableRule', { name: r.name })}
            onChange={(e) => onEnabled(e.target.checked)}
          />
        </label>
      </td>
      <td>
        <ConfirmAction
          label={t('al.delete')}
          question={t('al.deleteQ', { name: r.name })}
          confirmLabel={t('al.deleteYes')}
          busy={busy}
          onConfirm={onDelete}
        />
      </td>
    </tr>
  )
}
