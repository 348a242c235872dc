import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { Panel } from '../../components/Panel'
import { useI18n } from '../../i18n/i18n'
import { errorMessage } from '../../lib/errors'
import type { Me, Outputs } from '../../lib/types'
import { useTRPC } from '../../trpc'
import { ResetPasswordForm } from './ResetPasswordForm'
import { UserForm } from './UserForm'

type User = Outputs['admin']['users'][number]
type Editing = { kind: 'create' } | { kind: 'edit'; user: User } | { kind: 'reset'; username: string } | null

const shanghaiTime = (ms: number) =>
  new Date(ms).toLocaleString('sv-SE', { timeZone: 'Asia/Shanghai', hour12: false }).slice(0, 16)

/** 用户: accounts, with create, change role/department, disable/enable and password reset. */
export function UsersPanel({ me }: { me: Me }) {
  const { t } = useI18n()
  const trpc = useTRPC()
  const queryClient = useQueryClient()
  const users = useQuery(trpc.admin.users.queryOptions())
  const departments = useQuery(trpc.reference.departments.queryOptions())
  const deptName = new Map((departments.data ?? []).map((d) => [d.code, d.name]))
  const [editing, setEditing] = useState<Editing>(null)
  const [notice, setNotice] = useState<{ ok: boolean; text: string } | null>(null)
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.admin.users.queryKey() })
  const setDisabled = useMutation(
    trpc.admin.setDisabled.mutationOptions({
      onSuccess: (r, v) => {
        setNotice({
          ok: true,
          text: t(r.disabled ? 'adm.disabledDone' : 'adm.enabledDone', { name: v.username }),
        })
        void refresh()
      },
      onError: (err) => setNotice({ ok: false, text: errorMessage(err) }),
    }),
  )
  const done = (text: string) => {
    setEditing(null)
    setNotice({ ok: true, text })
    void refresh()
  }

  return (
    <div className="stack">
      <div className="toolbar">
        <button
          type="button"
          className="btn btn-primary"
          onClick={() => {
            setNotice(null)
            setEditing({ kind: 'create' })
          }}
        >
          {t('adm.create')}
        </button>
      </div>
      {notice ? (
        <p
          className={notice.ok ? 'banner banner-info' : 'form-error'}
          role="status"
          data-testid="users-notice"
        >
          {notice.text}
        </p>
      ) : null}
      {editing?.kind === 'create' ? <UserForm onDone={done} onCancel={() => setEditing(null)} /> : null}
      {editing?.kind === 'edit' ? (
        <UserForm
          key={editing.user.username}
          user={editing.user}
          onDone={done}
          onCancel={() => setEditing(null)}
        />
      ) : null}
      {editing?.kind === 'reset' ? (
        <ResetPasswordForm
          key={editing.username}
          username={editing.username}
          onClose={() => {
            setEditing(null)
            void refresh()
          }}
        />
      ) : null}
      <Panel
        title={t('adm.tab.users')}
        isPending={users.isPending}
        error={users.error}
        isEmpty={(users.data ?? []).length === 0}
        onRetry={() => users.refetch()}
        testId="users"
      >
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t('adm.username')}</th>
                <th scope="col">{t('adm.displayName')}</th>
                <th scope="col">{t('adm.role')}</th>
                <th scope="col">{t('adm.dept')}</th>
                <th scope="col">{t('adm.status')}</th>
                <th scope="col">{t('adm.lastSignIn')}</th>
                <th scope="col">{t('adm.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {(users.data ?? []).map((u) => (
                <tr
                  key={u.username}
                  data-username={u.username}
                  className={u.disabled ? 'row-muted' : undefined}
                >
                  <th scope="row">
                    {u.username}
                    {u.username === me.username ? <span className="muted"> {t('adm.self')}</span> : null}
                  </th>
                  <td>{u.display_name}</td>
                  <td className="nowrap">{t(`role.${u.role}`)}</td>
                  <td>{u.dept_code ? (deptName.get(u.dept_code) ?? u.dept_code) : t('sc.none')}</td>
                  <td className="nowrap">
                    <span className={`badge ${u.disabled ? 'run-failed' : 'run-succeeded'}`}>
                      {u.disabled ? t('adm.disabled') : t('adm.active')}
                    </span>
                  </td>
                  <td className="nowrap">
                    {u.last_sign_in_at ? shanghaiTime(u.last_sign_in_at) : t('adm.never')}
                  </td>
                  <td>
                    <div className="row-actions">
                      <button
                        type="button"
                        className="btn btn-small"
                        onClick={() => setEditing({ kind: 'edit', user: u })}
                      >
                        {t('adm.edit')}
                      </button>
                      {u.username === me.username ? null : (
                        <button
                          type="button"
                          className="btn btn-small"
                          disabled={setDisabled.isPending}
                          onClick={() => setDisabled.mutate({ username: u.username, disabled: !u.disabled })}
                        >
                          {u.disabled ? t('adm.enable') : t('adm.disable')}
                        </button>
                      )}
                      <button
                        type="button"
                        className="btn btn-small"
                        onClick={() => setEditing({ kind: 'reset', username: u.username })}
                      >
                        {t('adm.resetPw')}
                      </button>
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Panel>
    </div>
  )
}
