import { useMutation, useQuery } from '@tanstack/react-query'
import { type FormEvent, useId, useState } from 'react'
import { NamedOptions } from '../../components/NamedOptions'
import { useI18n } from '../../i18n/i18n'
import {
  AUDIENCE_ROLES,
  parseEmails,
  RULE_DEPT_SCOPED,
  RULE_NUMBER,
  RULE_STATUSES,
  ruleKindLabel,
  sortRoles,
  webhookLabel,
} from '../../lib/alerts'
import { errorMessage } from '../../lib/errors'
import type { Inputs } from '../../lib/types'
import { useTRPC } from '../../trpc'
import { FormFooter } from '../tasks/FormFooter'
import { useRefreshAlerts } from './refresh'
import { ThresholdFields } from './ThresholdFields'

type NewRule = Inputs['alerts']['createRule']
type Role = (typeof AUDIENCE_ROLES)[number]

/** Each kind's starting settings (what the server would default to, and a sensible threshold). */
const START: Record<string, number> = { points: 5, days: 30, rejected: 0 }

/** 新建规则: a name, a kind, the kind's threshold or statuses, and whom to tell how. */
export function RuleForm() {
  const { t } = useI18n()
  const trpc = useTRPC()
  const id = useId()
  const refresh = useRefreshAlerts()
  const meta = useQuery(trpc.alerts.rules.queryOptions())
  const departments = useQuery(trpc.reference.departments.queryOptions())
  const kinds = meta.data?.kinds ?? []
  const hookKinds = meta.data?.webhook_kinds ?? []
  const [name, setName] = useState('')
  const [kind, setKind] = useState('')
  const [statuses, setStatuses] = useState<string[]>([])
  const [number, setNumber] = useState('')
  const [dept, setDept] = useState('')
  const [audience, setAudience] = useState<Role[]>([])
  const [emails, setEmails] = useState('')
  const [hookKind, setHookKind] = useState('')
  const [hookUrl, setHookUrl] = useState('')
  const [hookSecret, setHookSecret] = useState('')
  const [problem, setProblem] = useState<string | null>(null)
  const [done, setDone] = useState<string | null>(null)
  const chosenKind = kind || kinds[0]?.kind || ''

  const chooseKind = (next: string) => {
    setKind(next)
    setStatuses([...(RULE_STATUSES[next] ?? [])])
    const n = RULE_NUMBER[next]
    setNumber(n ? String(START[n.param] ?? n.min) : '')
  }
  // The first kind's settings before any choice.
  if (!kind && chosenKind) chooseKind(chosenKind)

  const create = useMutation(
    trpc.alerts.createRule.mutationOptions({
      onSuccess: (_r, v) => {
        setDone(t('al.created', { name: v.name }))
        setName('')
        setEmails('')
        setHookKind('')
        setHookUrl('')
        setHookSecret('')
      },
      onError: (err) => setProblem(errorMessage(err)),
      onSettled: () => refresh(),
    }),
  )

  /** The rule as the server takes it, or the first thing wrong with the form. */
  const build = (): NewRule | string => {
    if (!name.trim()) return t('al.f.needName')
    const params: Record<string, unknown> = {}
    if (RULE_STATUSES[chosenKind]) {
      if (!statuses.length) return t('al.f.needStatus')
      params.statuses = statuses
    }
    const n = RULE_NUMBER[chosenKind]
    if (n) {
      const v = Number(number)
      if (number.trim() === '' || !Number.isFinite(v) || v < n.min || v > n.max)
        return t('al.f.needNumber', { min: n.min, max: n.max })
      params[n.param] = n.param === 'points' ? v : Math.round(v)
    }
    if (dept && RULE_DEPT_SCOPED.includes(chosenKind)) params.dept = dept
    const { emails: list, bad } = parseEmails(emails)
    if (bad.length) return t('al.f.badEmails', { list: bad.join(t('al.listSep')) })
    let webhook: NewRule['webhook'] = null
    if (hookKind) {
      if (!/^https?:\/\/\S+$/i.test(hookUrl.trim())) return t('al.f.needHookUrl')
      webhook = {
        kind: hookKind as NonNullable<NewRule['webhook']>['kind'],
        url: hookUrl.trim(),
        ...(hookSecret ? { secret: hookSecret } : {}),
      }
    }
    if (!audience.length && !list.length && !webhook) return t('al.f.needRecipient')
    return {
      name: name.trim(),
      kind: chosenKind as NewRule['kind'],
      params,
      audience: sortRoles(audience),
      emails: list,
      webhook,
    }
  }

  const submit = (e: FormEvent) => {
    e.preventDefault()
    setDone(null)
    const rule = build()
    if (typeof rule === 'string') return setProblem(rule)
    setProblem(null)
    create.mutate(rule)
  }
  const toggleRole = (role: Role, on: boolean) =>
    setAudience((list) => (on ? [...list, role] : list.filter((r) => r !== role)))

  return (
    <section className="card" aria-labelledby={`${id}-title`} data-testid="rule-form">
      <h2 id={`${id}-title`}>{t('al.new')}</h2>
      <form className="form al-form" onSubmit={submit} noValidate aria-labelledby={`${id}-title`}>
        <div className="al-grid">
          <label>
            {t('al.f.name')}
            <input value={name} maxLength={80} onChange={(e) => setName(e.target.value)} required />
          </label>
          <div className="field">
            <label htmlFor={`${id}-kind`}>{t('al.f.kind')}</label>
            <select id={`${id}-kind`} value={chosenKind} onChange={(e) => chooseKind(e.target.value)}>
              {kinds.map((k) => (
                <option key={k.kind} value={k.kind}>
                  {ruleKindLabel(t, k.kind, k.label)}
                </option>
              ))}
            </select>
          </div>
        </div>
        <ThresholdFields
          kind={chosenKind}
          statuses={statuses}
          onStatuses={setStatuses}
          number={number}
          onNumber={setNumber}
        />
        {RULE_DEPT_SCOPED.includes(chosenKind) ? (
          <div className="field al-scope">
            <label htmlFor={`${id}-dept`}>{t('al.f.dept')}</label>
            <select id={`${id}-dept`} value={dept} onChange={(e) => setDept(e.target.value)}>
              <NamedOptions empty={t('al.f.deptAll')} items={departments.data} />
            </select>
          </div>
        ) : null}
        <fieldset>
          <legend>{t('al.f.audience')}</legend>
          <div className="al-checks">
            {AUDIENCE_ROLES.map((role) => (
              <label key={role} className="check">
                <input
                  type="checkbox"
                  checked={audience.includes(role)}
                  onChange={(e) => toggleRole(role, e.target.checked)}
                />
                {t(`role.${role}`)}
              </label>
            ))}
          </div>
          <p className="muted small al-hint">{t('al.f.audienceHint')}</p>
        </fieldset>
        <label>
          {t('al.f.emails')}
          <textarea
            rows={2}
            maxLength={4000}
            value={emails}
            placeholder={t('sub.emailPlaceholder')}
            onChange={(e) => setEmails(e.target.value)}
          />
        </label>
        <fieldset>
          <legend>{t('al.f.hook')}</legend>
          <div className="al-grid">
            <div className="field">
              <label htmlFor={`${id}-hook`}>{t('al.col.webhook')}</label>
              <select id={`${id}-hook`} value={hookKind} onChange={(e) => setHookKind(e.target.value)}>
                <option value="">{t('al.f.hookNone')}</option>
                {hookKinds.map((k) => (
                  <option key={k.kind} value={k.kind}>
                    {webhookLabel(t, k.kind, k.label)}
                  </option>
                ))}
              </select>
            </div>
            {hookKind ? (
              <>
                <label>
                  {t('al.f.hookUrl')}
                  <input
                    type="url"
                    inputMode="url"
                    maxLength={1000}
                    value={hookUrl}
                    placeholder="https://"
                    onChange={(e) => setHookUrl(e.target.value)}
                  />
                </label>
                <label>
                  {t('al.f.hookSecret')}
                  <input
                    type="password"
                    autoComplete="off"
                    maxLength={200}
                    value={hookSecret}
                    onChange={(e) => setHookSecret(e.target.value)}
                  />
                </label>
              </>
            ) : null}
          </div>
        </fieldset>
        <FormFooter busy={create.isPending} label={t('al.f.submit')} problem={problem} />
        {done && !problem ? (
          <p className="banner banner-info" role="status" data-testid="rule-created">
            {done}
          </p>
        ) : null}
      </form>
    </section>
  )
}
