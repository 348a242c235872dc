import { NotFound } from './components/NotFound'
import { useI18n } from './i18n/i18n'
import { canSee } from './lib/roles'
import type { Route } from './lib/router'
import type { Me } from './lib/types'
import { AdminPage } from './pages/admin/AdminPage'
import { AlertsPage } from './pages/alerts/AlertsPage'
import { NotificationsPage } from './pages/alerts/NotificationsPage'
import { SubscriptionsPage } from './pages/alerts/SubscriptionsPage'
import { DataStatusPage } from './pages/data/DataStatusPage'
import { ExplorePage } from './pages/explore/ExplorePage'
import { FinalPage } from './pages/final/FinalPage'
import { IndicatorPage } from './pages/indicator/IndicatorPage'
import { RankingPage } from './pages/ranking/RankingPage'
import { ResultsPage } from './pages/results/ResultsPage'
import { ScorecardPage } from './pages/scorecard/ScorecardPage'
import { TargetsPage } from './pages/targets/TargetsPage'
import { TaskPage } from './pages/tasks/TaskPage'
import { TasksPage } from './pages/tasks/TasksPage'

interface Props {
  me: Me
  route: Route
}

/** Route table; access mirrors the server's rules (the server enforces them anyway). */
export function Routes({ me, route }: Props) {
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
    case 'notifications':
      return <NotificationsPage />
    case 'subscriptions':
      return <SubscriptionsPage />
    default:
      return <NotFound />
  }
}
