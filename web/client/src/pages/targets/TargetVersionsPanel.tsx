import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useId, useState } from 'react'
import { Panel } from '../../components/Panel'
import { useI18n } from '../../i18n/i18n'
import { errorMessage } from '../../lib/errors'
import { formatTime } from '../../lib/format'
import { type PlanChoice, planYears } from '../../lib/plans'
import type { Outputs } from '../../lib/types'
import { useTRPC } from '../../trpc'
import { ConfirmAction } from '../ranking/ConfirmAction'
import { VersionDiff } from './VersionDiff'
import './versions.css'

type Version = Outputs['targets']['versions']['versions'][number]

interface Props {
  plans: readonly PlanChoice[]
  /** The year shown until one is picked (null while the plans load). */
  defaultYear: number | null
}

/**
 * 目标值版本 (evaluators, admins): a year's versions (who, when, which file, +added ~changed
 * −removed, which is in force, which frozen rankings used it), the changes of one version,
 * and restoring an earlier one (with a confirm step; the server audits it).
 */
export function TargetVersionsPanel({ plans, defaultYear }: Props) {
  const { t } = useI18n()
  const trpc = useTRPC()
  const queryClient = useQueryClient()
  const id = useId()
  const [picked, setPicked] = useState<number | null>(null)
  const year = picked ?? defaultYear
  const [shown, setShown] = useState<number | null>(null)
  const [done, setDone] = useState<string | null>(null)
  const list = useQuery({
    ...trpc.targets.versions.queryOptions({ year: year ?? 0 }),
    enabled: year !== null,
  })
  const restore = useMutation(
    trpc.targets.restoreVersion.mutationOptions({
      onSuccess: (r) => {
        setDone(t('tv.restored', { id: r.id, a: r.rows_added, c: r.rows_changed, r: r.rows_removed }))
        setShown(r.id)
        // Every figure judged by the targets (overview, ranking) may have changed.
        void queryClient.invalidateQueries()
      },
    }),
  )
  const years = [...new Set(plans.flatMap(planYears))].sort((a, b) => a - b)
  const picker = (
    <div className="field">
      <label htmlFor={`${id}-year`}>{t('tv.year')}</label>
      <select
        id={`${id}-year`}
        value={year ?? ''}
        disabled={year === null}
        onChange={(e) => {
          setPicked(Number(e.target.value))
          setShown(null)
          setDone(null)
          restore.reset()
        }}
        data-testid="versions-year"
      >
        {years.map((y) => (
          <option key={y} value={y}>
            {t('tv.yearLabel', { year: y })}
          </option>
        ))}
      </select>
    </div>
  )
  const data = list.data
  return (
    <Panel
      title={t('tv.title')}
      isPending={year === null || list.isPending}
      error={list.error}
      onRetry={() => list.refetch()}
      actions={picker}
      testId="target-versions"
    >
      <div className="stack">
        <p className="muted">{t('tv.intro')}</p>
        {done ? (
          <p className="banner banner-info" role="status">
            {done}
          </p>
        ) : null}
        {restore.error ? (
          <p className="form-error" role="alert">
            {errorMessage(restore.error)}
          </p>
        ) : null}
        {data && data.versions.length === 0 ? <p>{t('tv.none')}</p> : null}
        {data && data.versions.length > 0 ? (
          <div className="table-wrap">
            <table className="table tv-table">
              <thead>
                <tr>
                  <th scope="col">{t('tv.version')}</th>
                  <th scope="col">{t('tv.by')}</th>
                  <th scope="col">{t('tv.at')}</th>
                  <th scope="col">{t('tv.file')}</th>
                  <th scope="col">{t('tv.changes')}</th>
                  <th scope="col" className="num">
                    {t('tv.rows')}
                  </th>
                  <th scope="col">{t('tv.usedBy')}</th>
                  <th scope="col">
                    <span className="sr-only">{t('tv.showDiff')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {data.versions.map((v) => (
                  <tr
                    key={v.id}
                    className={shown === v.id ? 'tv-shown' : undefined}
                    data-testid={`version-${v.id}`}
                  >
                    <th scope="row">
                      #{v.id}{' '}
                      {v.current ? <span className="badge tv-current">{t('tv.currentBadge')}</span> : null}
                    </th>
                    <td>{v.created_by_name}</td>
                    <td className="nowrap">{formatTime(v.created_at)}</td>
                    <td className="wrap">{source(v, t)}</td>
                    <td className="nowrap tv-counts">
                      <span className="tv-added">+{v.rows_added}</span>{' '}
                      <span className="tv-changed">~{v.rows_changed}</span>{' '}
                      <span className="tv-removed">−{v.rows_removed}</span>
                    </td>
                    <td className="num">{v.row_count}</td>
                    <td>
                      {v.rankings
                        .map(
                          (r) =>
                            `${r.period_label}${t(`rk.unit.${r.unit_type}`)}（${t(`rk.status.${r.status}`)}）`,
                        )
                        .join('、')}
                    </td>
                    <td className="tv-actions">
                      <button
                        type="button"
                        className="btn btn-small"
                        aria-pressed={shown === v.id}
                        onClick={() => setShown(shown === v.id ? null : v.id)}
                      >
                        {t('tv.showDiff')}
                      </button>
                      {v.current ? null : v.same_as_current ? (
                        <span className="muted">{t('tv.sameAsCurrent')}</span>
                      ) : (
                        <ConfirmAction
                          label={t('tv.restore')}
                          question={t('tv.ask', { id: v.id, n: v.row_count })}
                          confirmLabel={t('tv.confirm')}
                          busy={restore.isPending}
                          onConfirm={() => {
                            setDone(null)
                            restore.mutate({ id: v.id })
                          }}
                        />
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
        {data && data.total > data.versions.length ? (
          <p className="muted">{t('tv.truncated', { n: data.versions.length, total: data.total })}</p>
        ) : null}
        {shown !== null && data?.versions.some((v) => v.id === shown) ? (
          <VersionDiff key={shown} id={shown} />
        ) : null}
      </div>
    </Panel>
  )
}

/** Where a version came from: the uploaded file's name, a restore, or the initial version. */
function source(v: Version, t: ReturnType<typeof useI18n>['t']): string {
  if (v.kind === 'restore') return t('tv.kind.restore', { id: v.restored_from ?? '' })
  if (v.kind === 'initial') return t('tv.kind.initial')
  return v.file_name
}
