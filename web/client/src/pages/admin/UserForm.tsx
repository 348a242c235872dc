import { useMutation, useQuery } from '@tanstack/react-query'
import { type FormEvent, useId, useState } from 'react'
import { NamedOptions } from '../../components/NamedOptions'
import { useI18n } from '../../i18n/i18n'
import { errorMessage } from '../../lib/errors'
import type { Outputs, Role } from '../../lib/types'
import { useTRPC } from '../../trpc'

type User = Outputs['admin']['users'][number]
const ROLES: Role[] = ['leader', 'evaluator', 'analyst', 'department', 'admin']

interface Props {
  /** Editing this account (its username stays); creating a new one when absent. */
  user?: User
  onDone: (message: string) => void
  onCancel: () => void
}

/** Create an account, or change an account's name, role and department. */
export function UserForm({ user, onDone, onCancel }: Props) {
  const { t } = useI18n()
  const trpc = useTRPC()
  const id = useId()
  const departments = useQuery(trpc.reference.departments.queryOptions())
  const [username, setUsername] = useState(user?.username ?? '')
  const [displayName, setDisplayName] = useState(user?.display_name ?? '')
  const [role, setRole] = useState<Role>(user?.role ?? 'analyst')
  const [dept, setDept] = useState(user?.dept_code ?? '')
  const [password, setPassword] = useState('')
  const save = useMutation(trpc.admin.saveUser.mutationOptions())

  const submit = (e: FormEvent) => {
    e.preventDefault()
    save.mutate(
      {
        username: username.trim(),
        display_name: displayName,
        role,
        dept_code: role === 'department' ? dept || null : null,
        disabled: user?.disabled ?? false,
        ...(user ? { mode: 'upsert' as const } : { mode: 'create' as const, password }),
      },
      { onSuccess: () => onDone(t(user ? 'adm.saved' : 'adm.created', { name: username.trim() })) },
    )
  }

  return (
    <form className="card form" onSubmit={submit} aria-labelledby={`${id}-title`} data-testid="user-form">
      <h2 id={`${id}-title`}>{user ? t('adm.editTitle', { name: user.username }) : t('adm.create')}</h2>
      <div className="form-grid">
        <label>
          {t('adm.username')}
          <input
            name="username"
            value={username}
            onChange={(e) => setUsername(e.target.value)}
            required
            readOnly={Boolean(user)}
            pattern="[a-z0-9_.\-]{2,64}"
            title={t('adm.usernameHint')}
            autoComplete="off"
          />
        </label>
        <label>
          {t('adm.displayName')}
          <input
            name="display_name"
            value={displayName}
            onChange={(e) => setDisplayName(e.target.value)}
            required
            maxLength={64}
          />
        </label>
        <div className="field">
          <label htmlFor={`${id}-role`}>{t('adm.role')}</label>
          <select
            id={`${id}-role`}
            name="role"
            value={role}
            onChange={(e) => setRole(e.target.value as Role)}
          >
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {t(`role.${r}`)}
              </option>
            ))}
          </select>
        </div>
        {role === 'department' ? (
          <div className="field">
            <label htmlFor={`${id}-dept`}>{t('adm.dept')}</label>
            <select
              id={`${id}-dept`}
              name="dept_code"
              value={dept}
              onChange={(e) => setDept(e.target.value)}
              required
            >
              <NamedOptions empty={t('adm.chooseDept')} items={departments.data} />
            </select>
          </div>
        ) : null}
        {user ? null : (
          <div className="field">
            <label>
              {t('adm.password')}
              <input
                name="password"
                type="password"
                value={password}
                onChange={(e) => setPassword(e.target.value)}
                required
                autoComplete="new-password"
                maxLength={256}
                aria-describedby={`${id}-pw-hint`}
              />
            </label>
            <span id={`${id}-pw-hint`} className="small muted">
              {t('adm.passwordHint')}
            </span>
          </div>
        )}
      </div>
      {save.error ? (
        <p className="form-error" role="alert">
          {errorMessage(save.error)}
        </p>
      ) : null}
      <div className="form-actions">
        <button type="button" className="btn" onClick={onCancel}>
          {t('adm.cancel')}
        </button>
        <button type="submit" className="btn btn-primary" disabled={save.isPending}>
          {t('adm.save')}
        </button>
      </div>
    </form>
  )
}
