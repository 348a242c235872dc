import { useState } from 'react'
import { useI18n } from '../i18n/i18n'
import { NAV } from '../lib/roles'
import type { Me } from '../lib/types'
import { Bell } from './Bell'
import { ChangePasswordDialog } from './ChangePasswordDialog'
import { LangSwitch } from './LangSwitch'

interface Props {
  me: Me
  currentPath: string
  onSignOut: () => void
  onPasswordChanged: () => void
}

export function TopBar({ me, currentPath, onSignOut, onPasswordChanged }: Props) {
  const { t } = useI18n()
  const [pwOpen, setPwOpen] = useState(false)
  const active = (path: string) =>
    path === '/' ? currentPath === '/' || currentPath.startsWith('/indicator') : currentPath.startsWith(path)
  return (
    <>
      <header className="topbar on-dark">
        <a className="brand" href="#/">
          {t('appTitle')}
        </a>
        <nav aria-label={t('nav.main')} className="nav">
          {NAV.filter((n) => n.roles.includes(me.role)).map((n) => (
            <a key={n.path} href={`#${n.path}`} aria-current={active(n.path) ? 'page' : undefined}>
              {t(n.label)}
            </a>
          ))}
        </nav>
        <div className="user">
          <Bell current={currentPath === '/notifications'} />
          <span className="user-name" data-testid="user-name">
            {me.display_name} · {t(`role.${me.role}`)}
          </span>
          <button type="button" className="btn btn-small" onClick={() => setPwOpen(true)}>
            {t('changePassword')}
          </button>
          <LangSwitch />
          <button type="button" className="btn btn-small" onClick={onSignOut}>
            {t('signOut')}
          </button>
        </div>
      </header>
      <ChangePasswordDialog
        open={pwOpen}
        onClose={() => setPwOpen(false)}
        onChanged={() => {
          setPwOpen(false)
          onPasswordChanged()
        }}
      />
    </>
  )
}
