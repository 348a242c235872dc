import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query'
import { useState } from 'react'
import { QueryState } from '../../components/QueryState'
import { useI18n } from '../../i18n/i18n'
import { appLink, type Notification } from '../../lib/alerts'
import { errorMessage } from '../../lib/errors'
import { formatTime } from '../../lib/format'
import { href, useRoute } from '../../lib/router'
import { useTRPC } from '../../trpc'
import { useRefreshAlerts } from './refresh'
import './alerts.css'

const LIMIT = 100

/**
 * 通知中心: one's notifications, newest first, the unread ones marked; following a link (查看)
 * marks it read; 全部标为已读; 仅看未读 kept in the address (`?unread=1`).
 */
export function NotificationsPage() {
  const { t } = useI18n()
  const trpc = useTRPC()
  const route = useRoute()
  const refresh = useRefreshAlerts()
  const unreadOnly = route.params.get('unread') === '1'
  const list = useQuery(
    trpc.alerts.notifications.queryOptions(
      { limit: LIMIT, unreadOnly },
      { placeholderData: keepPreviousData, staleTime: 0 },
    ),
  )
  const [problem, setProblem] = useState<string | null>(null)
  const mark = useMutation(
    trpc.alerts.markRead.mutationOptions({
      onMutate: () => setProblem(null),
      onError: (err) => setProblem(errorMessage(err)),
      onSettled: () => refresh(),
    }),
  )
  const rows = list.data?.rows ?? []
  const unread = list.data?.unread ?? 0
  return (
    <div className="stack al-page" aria-busy={list.isFetching}>
      <h1>{t('nt.title')}</h1>
      <p className="muted">{t('nt.intro')}</p>
      <div className="toolbar al-toolbar">
        <label className="check">
          <input
            type="checkbox"
            checked={unreadOnly}
            onChange={(e) => route.setParams({ unread: e.target.checked ? '1' : null })}
          />
          {t('nt.unreadOnly')}
        </label>
        <button
          type="button"
          className="btn btn-small"
          disabled={unread === 0 || mark.isPending}
          onClick={() => mark.mutate({ all: true })}
        >
          {t('nt.markAll')}
        </button>
        <a href={href('/subscriptions')}>{t('nt.subsLink')}</a>
      </div>
      {problem ? (
        <p className="form-error" role="alert">
          {problem}
        </p>
      ) : null}
      <section className="card panel" aria-label={t('nt.listLabel')} data-testid="notifications">
        <QueryState isPending={list.isPending} error={list.error} onRetry={() => list.refetch()}>
          {rows.length === 0 ? (
            <div className="state state-empty al-empty" role="status" data-testid="notifications-empty">
              {unreadOnly ? (
                <p>{t('nt.emptyUnread')}</p>
              ) : (
                <>
                  <p>{t('nt.empty')}</p>
                  <a href={href('/subscriptions')}>{t('nt.subsLink')}</a>
                </>
              )}
            </div>
          ) : (
            <>
              <p className="muted al-count" data-testid="notifications-count">
                {t('nt.count', { u: unread })}
              </p>
              <ul className="al-notes">
                {rows.map((n) => (
                  <NotificationItem
                    key={n.id}
                    note={n}
                    busy={mark.isPending}
                    onRead={() => mark.mutate({ ids: [n.id] })}
                  />
                ))}
              </ul>
            </>
          )}
        </QueryState>
      </section>
    </div>
  )
}

function NotificationItem({ note, busy, onRead }: { note: Notification; busy: boolean; onRead: () => void }) {
  const { t } = useI18n()
  const link = appLink(note.link)
  const unread = note.read_at === null
  return (
    <li className={unread ? 'al-note al-unread' : 'al-note'} data-id={note.id} data-unread={unread}>
      <div className="al-note-head">
        <div className="al-note-line">
          {unread ? <span className="al-dot">{t('nt.unread')}</span> : null}
          <h2 className="al-note-title">{note.title}</h2>
        </div>
        <time className="muted small nowrap" dateTime={note.created_at}>
          {formatTime(note.created_at)}
        </time>
      </div>
      {note.body ? <p className="al-note-body">{note.body}</p> : null}
      <div className="al-note-actions">
        {link ? (
          // Following the link marks it read; the page changes as a link does.
          <a href={link} onClick={unread ? onRead : undefined}>
            {t('nt.view')}
          </a>
        ) : null}
        {unread ? (
          <button type="button" className="link-button" disabled={busy} onClick={onRead}>
            {t('nt.markOne')}
          </button>
        ) : null}
      </div>
    </li>
  )
}
