import { useMutation, useQueryClient } from '@tanstack/react-query'
import { Panel } from '../../components/Panel'
import { useI18n } from '../../i18n/i18n'
import { errorMessage } from '../../lib/errors'
import { formatTime } from '../../lib/format'
import type { Scope } from '../../lib/scope'
import type { Me } from '../../lib/types'
import { useTRPC } from '../../trpc'
import { NoteForm } from './NoteForm'
import { type Note, noteScope, useIndicatorNotes } from './notes'
import './notes.css'

interface Props {
  me: Me
  scope: Scope
  indicatorId: string
  year: number
}

/**
 * 动态与说明 (container): the notes on this indicator for the page's scope and year, newest
 * first — on the district every scope's, each named — and the form to add one. Evaluators
 * select notes for the briefing and the final report; an author deletes their own.
 */
export function NotesPanel({ me, scope, indicatorId, year }: Props) {
  const { t } = useI18n()
  const notes = useIndicatorNotes(me, scope, indicatorId, year)
  const page = notes.data
  return (
    <Panel
      title={t(page?.every_scope ? 'inote.titleAll' : 'inote.title')}
      isPending={notes.isPending}
      error={notes.error}
      onRetry={() => notes.refetch()}
      testId="notes"
    >
      {page && (
        <div className="nt-body">
          {page.notes.length === 0 ? (
            <p className="muted">{t('inote.empty')}</p>
          ) : (
            <ol className="nt-list" data-testid="note-list">
              {page.notes.map((n) => (
                <NoteItem key={n.id} note={n} showScope={page.every_scope} canSelect={page.can_select} />
              ))}
            </ol>
          )}
          {page.can_write && (
            <NoteForm
              indicatorId={indicatorId}
              year={year}
              scope={noteScope(me, scope)}
              scopeName={page.scope_name}
            />
          )}
        </div>
      )}
    </Panel>
  )
}

function NoteItem({ note: n, showScope, canSelect }: { note: Note; showScope: boolean; canSelect: boolean }) {
  const { t } = useI18n()
  const trpc = useTRPC()
  const queryClient = useQueryClient()
  const refresh = { onSuccess: () => queryClient.invalidateQueries(trpc.notes.list.pathFilter()) }
  const select = useMutation(trpc.notes.select.mutationOptions(refresh))
  const remove = useMutation(trpc.notes.remove.mutationOptions(refresh))
  const error = select.error ?? remove.error
  const period =
    n.month === null
      ? t('inote.wholeYear', { year: n.year })
      : t('inote.month', { year: n.year, month: n.month })
  return (
    <li className={`nt-item nt-kind-${n.kind}`} data-note={n.id}>
      <div className="nt-head">
        <span className="nt-kind">{t(`inote.kind.${n.kind}`)}</span>
        <span className="nt-period">{period}</span>
        {showScope && <span className="chip">{n.scope_name}</span>}
        {n.selected && <span className="tag tag-derived">{t('inote.selected')}</span>}
      </div>
      <p className="nt-text">{n.body}</p>
      <div className="nt-foot">
        <span className="muted">{t('inote.by', { who: n.author_name, at: formatTime(n.created_at) })}</span>
        {canSelect && (
          <button
            type="button"
            className="btn btn-small"
            aria-pressed={n.selected}
            disabled={select.isPending}
            onClick={() => select.mutate({ id: n.id, selected: !n.selected })}
          >
            {t(n.selected ? 'inote.unselect' : 'inote.select')}
          </button>
        )}
        {n.mine && !n.selected && (
          <button
            type="button"
            className="btn btn-small"
            disabled={remove.isPending}
            onClick={() => {
              if (window.confirm(t('inote.confirmDelete'))) remove.mutate({ id: n.id })
            }}
          >
            {t('inote.delete')}
          </button>
        )}
      </div>
      {error && (
        <p role="alert" className="form-error">
          {errorMessage(error)}
        </p>
      )}
    </li>
  )
}
