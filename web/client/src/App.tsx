import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useEffect, useState } from 'react'
import { DataStateBanner } from './components/DataStateBanner'
import { QueryState } from './components/QueryState'
import { TopBar } from './components/TopBar'
import { useI18n } from './i18n/i18n'
import { canSee, homeFor } from './lib/roles'
import { navigate, useRoute } from './lib/router'
import type { Me } from './lib/types'
import { SignInPage } from './pages/signin/SignInPage'
import { Routes } from './Routes'
import { UNAUTHORIZED_EVENT, useTRPC } from './trpc'

/** Auth gate + layout: signed out → the sign-in page; signed in → top bar and the routed page. */
export function App() {
  const { t } = useI18n()
  const trpc = useTRPC()
  const queryClient = useQueryClient()
  const route = useRoute()
  const [notice, setNotice] = useState<string | null>(null)
  const meKey = trpc.auth.me.queryKey()
  const me = useQuery(trpc.auth.me.queryOptions(undefined, { staleTime: Number.POSITIVE_INFINITY }))

  const signedOut = (message: string | null = null) => {
    // Nothing of the previous user stays in the cache.
    queryClient.removeQueries({ predicate: (q) => JSON.stringify(q.queryKey) !== JSON.stringify(meKey) })
    queryClient.setQueryData(meKey, null)
    setNotice(message)
  }

  useEffect(() => {
    const onUnauthorized = () => signedOut(t('signin.expired'))
    window.addEventListener(UNAUTHORIZED_EVENT, onUnauthorized)
    return () => window.removeEventListener(UNAUTHORIZED_EVENT, onUnauthorized)
  })

  const signOut = useMutation(trpc.auth.signOut.mutationOptions({ onSettled: () => signedOut() }))

  const onSignedIn = (user: Me) => {
    setNotice(null)
    queryClient.setQueryData(meKey, user)
    // After a session expired, stay on the page the user was on (when the role may see it).
    const stay = route.path !== '/' && canSee(user.role, `/${route.segments[0] ?? ''}`)
    if (!stay) navigate(homeFor(user.role))
  }

  if (me.isPending || me.error) {
    return (
      <main className="page">
        <QueryState isPending={me.isPending} error={me.error} onRetry={() => me.refetch()}>
          {null}
        </QueryState>
      </main>
    )
  }
  if (!me.data) return <SignInPage onSignedIn={onSignedIn} notice={notice} />
  return (
    <>
      <button type="button" className="skip-link" onClick={() => document.getElementById('main')?.focus()}>
        {t('skip')}
      </button>
      <TopBar
        me={me.data}
        currentPath={route.path}
        onSignOut={() => signOut.mutate()}
        onPasswordChanged={() => signedOut(t('pw.done'))}
      />
      <DataStateBanner />
      <main id="main" className="page" tabIndex={-1}>
        <Routes me={me.data} route={route} />
      </main>
    </>
  )
}
