import { lazy, Suspense } from 'react'
import { NotFound } from './components/NotFound'
import { Loading } from './components/QueryState'
import { useI18n } from './i18n/i18n'
import { canSee } from './lib/roles'
import type { Route } from './lib/router'
import type { Me } from './lib/types'
import { ScorecardPage } from './pages/scorecard/ScorecardPage'

/** The first screen (总览) is in the main bundle; every other page is its own chunk, fetched when opened. */
const AdminPage = lazy(() => import('./pages/admin/AdminPage').then((m) => ({ default: m.AdminPage })))
const AlertsPage = lazy(() => import('./pages/alerts/AlertsPage').then((m) => ({ default: m.AlertsPage })))
const AuditPage = lazy(() => import('./pages/audit/AuditPage').then((m) => ({ default: m.AuditPage })))
const NotificationsPage = lazy(() =>
  import('./pages/alerts/NotificationsPage').then((m) => ({ default: m.NotificationsPage })),
)
const SubscriptionsPage = lazy(() =>
  import('./pages/alerts/SubscriptionsPage').then((m) => ({ default: m.SubscriptionsPage })),
)
const DataStatusPage = lazy(() =>
  import('./pages/data/DataStatusPage').then((m) => ({ default: m.DataStatusPage })),
)
const ExplorePage = lazy(() =>
  import('./pages/explore/ExplorePage').then((m) => ({ default: m.ExplorePage })),
)
const FinalPage = lazy(() => import('./pages/final/FinalPage').then((m) => ({ default: m.FinalPage })))
const IndicatorPage = lazy(() =>
  import('./pages/indicator/IndicatorPage').then((m) => ({ default: m.IndicatorPage })),
)
const RankingPage = lazy(() =>
  import('./pages/ranking/RankingPage').then((m) => ({ default: m.RankingPage })),
)
const ResultsPage = lazy(() =>
  import('./pages/results/ResultsPage').then((m) => ({ default: m.ResultsPage })),
)
const TargetsPage = lazy(() =>
  import('./pages/targets/TargetsPage').then((m) => ({ default: m.TargetsPage })),
)
const TaskPage = lazy(() => import('./pages/tasks/TaskPage').then((m) => ({ default: m.TaskPage })))
const TasksPage = lazy(() => import('./pages/tasks/TasksPage').then((m) => ({ default: m.TasksPage })))

interface Props {
  me: Me
  route: Route
}

/** Route table; access mirrors the server's rules (the server enforces them anyway). */
export function Routes(props: Props) {
  return (
    <Suspense fallback={<Loading />}>
      <Page {...props} />
    </Suspense>
  )
}

function Page({ me, route }: Props) {
  const { t } = useI18n()
  const [first, second] = route.segments
  const page = first ?? ''
  const allowed = canSee(me.role, `/${page}`)
  if (!allowed) {
    return (
      <div className="state state-error" role="alert">
        {t('forbidden')}
      </div>
    )
  }
  switch (page) {
    case '':
      return <ScorecardPage me={me} />
    case 'indicator':
      return second ? <IndicatorPage key={second} me={me} id={second} /> : <NotFound />
    case 'ranking':
      return <RankingPage me={me} />
    case 'results':
      return <ResultsPage me={me} />
    case 'final':
      return <FinalPage />
    case 'explore':
      return <ExplorePage />
    case 'data':
      return <DataStatusPage />
    case 'targets':
      return <TargetsPage />
    case 'tasks':
      return second ? <TaskPage key={second} me={me} id={second} /> : <TasksPage me={me} />
    case 'admin':
      return <AdminPage me={me} tab={second} />
    case 'alerts':
      return <AlertsPage me={me} />
    case 'audit':
      return <AuditPage />
    case 'notifications':
      return <NotificationsPage />
    case 'subscriptions':
      return <SubscriptionsPage />
    default:
      return <NotFound />
  }
}
