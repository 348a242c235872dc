import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query'
import { useState } from 'react'
import { Panel } from '../../components/Panel'
import { useI18n } from '../../i18n/i18n'
import { shanghaiDayStart } from '../../lib/audit'
import { downloadFile, fileUrl } from '../../lib/download'
import { errorMessage } from '../../lib/errors'
import type { Inputs } from '../../lib/types'
import { useTRPC } from '../../trpc'
import { type AuditFilter, AuditFilters } from './AuditFilters'
import { AuditTable } from './AuditTable'
import './audit.css'

const PAGE = 50

type ListInput = Extract<Inputs['audit']['list'], object>

/** The filter as the server takes it (days → instants, Beijing time); `bad` when the range is reversed. */
function serverFilter(f: AuditFilter): { input: Omit<ListInput, 'limit' | 'before'>; bad: boolean } {
  const from = f.fromDay ? shanghaiDayStart(f.fromDay) : undefined
  const to = f.toDay ? shanghaiDayStart(f.toDay, true) : undefined
  return {
    input: {
      ...(f.actor ? { actor: f.actor } : {}),
      ...(f.action ? { action: f.action as NonNullable<ListInput['action']> } : {}),
      ...(f.target ? { target: f.target } : {}),
      ...(from ? { from } : {}),
      ...(to ? { to } : {}),
    },
    bad: Boolean(from && to && from >= to),
  }
}

/**
 * 审计日志 (evaluators, admins): who did what and when, filtered by person, action, object and
 * date, newest first, a page at a time; entries that changed something show before and after.
 * The same filter exports as XLSX.
 */
export function AuditPage() {
  const { t } = useI18n()
  const trpc = useTRPC()
  const [filter, setFilter] = useState<AuditFilter>({})
  const { input, bad } = serverFilter(filter)
  const key = JSON.stringify(input)
  // Keyset paging: the cursors of the pages visited; a new filter starts over.
  const [paging, setPaging] = useState<{ key: string; cursors: Array<number | undefined> }>({
    key,
    cursors: [undefined],
  })
  const cursors = paging.key === key ? paging.cursors : [undefined]
  const before = cursors.at(-1)
  const facets = useQuery(trpc.audit.facets.queryOptions())
  const depts = useQuery(trpc.reference.departments.queryOptions())
  const departments = new Map((depts.data ?? []).map((d) => [d.code, d.name]))
  const list = useQuery(
    trpc.audit.list.queryOptions(
      { ...input, limit: PAGE, ...(before !== undefined ? { before } : {}) },
      { placeholderData: keepPreviousData, enabled: !bad },
    ),
  )
  const exported = useMutation({
    mutationFn: () => downloadFile(fileUrl('audit', 'export', input)),
  })
  const rows = list.data?.rows ?? []
  const next = list.data?.next ?? null
  return (
    <div className="stack au-page">
      <h1>{t('au.title')}</h1>
      <p className="muted">{t('au.intro')}</p>
      <AuditFilters
        filter={filter}
        facets={facets.data}
        onChange={(f) => {
          exported.reset()
          setFilter(f)
        }}
      />
      {bad ? (
        <p className="form-error" role="alert">
          {t('au.badRange')}
        </p>
      ) : null}
      <Panel
        title={t('au.entries')}
        isPending={list.isPending && !bad}
        error={list.error}
        onRetry={() => list.refetch()}
        testId="audit"
        actions={
          <div className="toolbar">
            <button
              type="button"
              className="btn btn-small btn-primary"
              disabled={bad || exported.isPending}
              aria-busy={exported.isPending}
              onClick={() => exported.mutate()}
            >
              {exported.isPending ? t('au.exporting') : t('au.export')}
            </button>
          </div>
        }
      >
        <div className="stack" aria-busy={list.isFetching}>
          {exported.isSuccess ? (
            <p className="banner banner-info" role="status">
              {t('au.exported', { name: exported.data.filename, rows: exported.data.rows ?? 0 })}
            </p>
          ) : null}
          {exported.isError ? (
            <p className="form-error" role="alert">
              {errorMessage(exported.error)}
            </p>
          ) : null}
          {rows.length === 0 ? (
            <p className="state state-empty" role="status">
              {t('au.empty')}
            </p>
          ) : (
            <AuditTable rows={rows} departments={departments} />
          )}
          {cursors.length > 1 || next !== null ? (
            <nav className="au-pager" aria-label={t('au.pager')} data-testid="audit-pager">
              <button
                type="button"
                className="btn btn-small"
                disabled={cursors.length <= 1}
                onClick={() => setPaging({ key, cursors: cursors.slice(0, -1) })}
              >
                {t('au.newer')}
              </button>
              <span className="au-pager-info" aria-live="polite">
                {t('au.page', { page: cursors.length })}
              </span>
              <button
                type="button"
                className="btn btn-small"
                disabled={next === null}
                onClick={() => next !== null && setPaging({ key, cursors: [...cursors, next] })}
              >
                {t('au.older')}
              </button>
            </nav>
          ) : null}
        </div>
      </Panel>
    </div>
  )
}
