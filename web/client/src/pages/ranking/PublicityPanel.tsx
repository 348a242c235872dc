import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { type FormEvent, useState } from 'react'
import { DECISION_REASON_MAX, PUBLICITY_DAYS_MAX, REMIND_DAYS_DEFAULT } from '../../../../shared/appeals'
import { useI18n } from '../../i18n/i18n'
import { fileUrl } from '../../lib/download'
import { errorMessage } from '../../lib/errors'
import { formatTime } from '../../lib/format'
import type { Outputs } from '../../lib/types'
import { useTRPC } from '../../trpc'
import { appealSubject } from './appeal-subject'
import { personName } from './format'
import type { RankingScope, RankingView } from './types'

type Review = Outputs['appeals']['review']
type Appeal = Review['appeals'][number]

const DEFAULT_DAYS = 5

/**
 * Container (department rankings): freeze with a publicity window (公示), and during it the
 * filed appeals with accept/reject; who asked to publish. Publishing itself stays the
 * status bar's "发布" (the server asks or approves).
 */
export function PublicityPanel({ scope, view }: { scope: RankingScope; view: RankingView }) {
  const { t } = useI18n()
  const trpc = useTRPC()
  const review = useQuery(trpc.appeals.review.queryOptions(scope))
  const w = review.data?.window ?? null
  const current = w && !w.ended_at
  if (view.status === 'live') return <FreezeWithPublicity scope={scope} />
  if (!w) return null
  return (
    <section className="card" data-testid="publicity-panel" aria-label={t('ap.review.title')}>
      <h2>{t('ap.review.title')}</h2>
      <p className={current ? 'notice' : 'muted'} data-testid="publicity-state">
        {!current
          ? t('ap.review.ended', { reason: t(`ap.review.end.${w.end_reason ?? 'published'}`) })
          : Date.now() < Date.parse(w.closes_at)
            ? t('ap.review.open', { until: formatTime(w.closes_at) })
            : t('ap.review.closed', { until: formatTime(w.closes_at) })}
      </p>
      {current && w.publish_requested_by && (
        <p className="notice" data-testid="publish-requested">
          {t('ap.review.requested', { who: personName(w.publish_requested_by, view.people, t) })}
        </p>
      )}
      {review.data && review.data.appeals.length === 0 ? (
        <p className="muted">{t('ap.review.none')}</p>
      ) : (
        <div className="table-wrap">
          <table className="table" data-testid="appeal-review">
            <thead>
              <tr>
                <th>{t('ap.review.unit')}</th>
                <th>{t('ap.col.reason')}</th>
                <th>{t('ap.col.status')}</th>
                <th>{t('ap.col.decision')}</th>
              </tr>
            </thead>
            <tbody>
              {(review.data?.appeals ?? []).map((a) => (
                <AppealRow key={a.id} appeal={a} scope={scope} view={view} open={Boolean(current)} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  )
}

function AppealRow({
  appeal: a,
  scope,
  view,
  open,
}: {
  appeal: Appeal
  scope: RankingScope
  view: RankingView
  open: boolean
}) {
  const { t } = useI18n()
  const unit = view.result.units.find((u) => u.unit_code === a.unit_code)
  const subject = appealSubject(t, a, view.indicator_names, unit?.adjustments)
  return (
    <tr data-testid={`appeal-${a.id}`}>
      <td>
        {unit?.unit_name ?? a.unit_code}
        <div className="muted">{subject}</div>
      </td>
      <td>
        {a.reason}
        {a.evidence.map((f) => (
          <div key={f.id}>
            <a href={fileUrl('appeals', 'evidence', { id: f.id })}>{f.file_name}</a>
          </div>
        ))}
      </td>
      <td>{t(`ap.status.${a.status}`)}</td>
      <td>
        {a.status === 'filed' && open ? <DecideForm appeal={a} scope={scope} /> : (a.decision_reason ?? '')}
      </td>
    </tr>
  )
}

function DecideForm({ appeal, scope }: { appeal: Appeal; scope: RankingScope }) {
  const { t } = useI18n()
  const trpc = useTRPC()
  const queryClient = useQueryClient()
  const [points, setPoints] = useState('')
  const [reason, setReason] = useState('')
  const decide = useMutation(
    trpc.appeals.decide.mutationOptions({
      onSuccess: () =>
        Promise.all([
          queryClient.invalidateQueries(trpc.appeals.review.pathFilter()),
          queryClient.invalidateQueries(trpc.ranking.get.pathFilter()),
        ]),
    }),
  )
  const send = (accept: boolean) => (e?: FormEvent) => {
    e?.preventDefault()
    decide.mutate({
      ...scope,
      id: appeal.id,
      accept,
      reason: reason.trim(),
      ...(accept ? { points: Number(points) } : {}),
    })
  }
  return (
    <form className="form" onSubmit={send(true)} noValidate>
      <label>
        {t('ap.review.reason')}
        <textarea
          rows={2}
          maxLength={DECISION_REASON_MAX}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
        />
      </label>
      <label>
        {t('ap.review.points')}
        <input type="number" step="0.5" value={points} onChange={(e) => setPoints(e.target.value)} />
      </label>
      <div className="toolbar">
        <button type="submit" className="btn btn-small btn-primary" disabled={decide.isPending}>
          {t('ap.review.accept')}
        </button>
        <button
          type="button"
          className="btn btn-small"
          disabled={decide.isPending}
          onClick={() => send(false)()}
        >
          {t('ap.review.reject')}
        </button>
      </div>
      {decide.error && (
        <p role="alert" className="form-error">
          {errorMessage(decide.error)}
        </p>
      )}
    </form>
  )
}

/** A live department ranking: freeze it and open publicity for N days. */
function FreezeWithPublicity({ scope }: { scope: RankingScope }) {
  const { t } = useI18n()
  const trpc = useTRPC()
  const queryClient = useQueryClient()
  const [days, setDays] = useState(String(DEFAULT_DAYS))
  const [remind, setRemind] = useState(String(REMIND_DAYS_DEFAULT))
  const freeze = useMutation(
    trpc.ranking.freeze.mutationOptions({
      onSuccess: () =>
        Promise.all([
          queryClient.invalidateQueries(trpc.ranking.get.pathFilter()),
          queryClient.invalidateQueries(trpc.appeals.review.pathFilter()),
        ]),
    }),
  )
  return (
    <section className="card" data-testid="publicity-freeze" aria-label={t('ap.freeze.title')}>
      <h2>{t('ap.freeze.title')}</h2>
      <p className="muted">{t('ap.freeze.hint')}</p>
      <form
        className="toolbar"
        onSubmit={(e) => {
          e.preventDefault()
          freeze.mutate({ ...scope, publicityDays: Number(days), remindDays: Number(remind) })
        }}
      >
        <label>
          {t('ap.freeze.days')}
          <input
            type="number"
            min={1}
            max={PUBLICITY_DAYS_MAX}
            step={1}
            value={days}
            onChange={(e) => setDays(e.target.value)}
          />
        </label>
        <label title={t('ap.freeze.remindHint')}>
          {t('ap.freeze.remind')}
          <input
            type="number"
            min={0}
            max={Number(days) || PUBLICITY_DAYS_MAX}
            step={1}
            value={remind}
            onChange={(e) => setRemind(e.target.value)}
          />
        </label>
        <button type="submit" className="btn btn-primary" disabled={freeze.isPending}>
          {t('ap.freeze.go')}
        </button>
        {freeze.error && (
          <span role="alert" className="form-error">
            {errorMessage(freeze.error)}
          </span>
        )}
      </form>
    </section>
  )
}
