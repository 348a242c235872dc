import { useMutation } from '@tanstack/react-query'
import { type FormEvent, useState } from 'react'
import { LangSwitch } from '../../components/LangSwitch'
import { useI18n } from '../../i18n/i18n'
import { errorMessage } from '../../lib/errors'
import type { Me } from '../../lib/types'
import { useTRPC } from '../../trpc'

interface Props {
  onSignedIn: (me: Me) => void
  notice?: string | null
}

export function SignInPage({ onSignedIn, notice }: Props) {
  const { t } = useI18n()
  const trpc = useTRPC()
  const [username, setUsername] = useState('')
  const [password, setPassword] = useState('')
  const signIn = useMutation(trpc.auth.signIn.mutationOptions({ onSuccess: (me) => onSignedIn(me) }))
  const submit = (e: FormEvent) => {
    e.preventDefault()
    signIn.mutate({ username: username.trim(), password })
  }
  return (
    <main className="signin">
      <div className="signin-lang on-dark">
        <LangSwitch />
      </div>
      <form className="card signin-card form" onSubmit={submit} aria-labelledby="signin-title">
        <p className="signin-app">{t('appTitle')}</p>
        <h1 id="signin-title">{t('signin.title')}</h1>
        <p className="muted">{t('signin.hint')}</p>
        {notice && (
          <p className="banner banner-info" role="status">
            {notice}
          </p>
        )}
        <label>
          {t('signin.username')}
          <input
            name="username"
            autoComplete="username"
            required
            value={username}
            onChange={(e) => setUsername(e.target.value)}
          />
        </label>
        <label>
          {t('signin.password')}
          <input
            name="password"
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </label>
        {signIn.error && (
          <p className="form-error" role="alert">
            {errorMessage(signIn.error)}
          </p>
        )}
        <button type="submit" className="btn btn-primary" disabled={signIn.isPending}>
          {signIn.isPending ? t('signin.busy') : t('signin.submit')}
        </button>
      </form>
    </main>
  )
}
