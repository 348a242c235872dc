import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server'
import type { AppRouter } from '../../../server/routers/app.router'

export type Outputs = inferRouterOutputs<AppRouter>
export type Inputs = inferRouterInputs<AppRouter>

export type Me = NonNullable<Outputs['auth']['me']>
export type Role = Me['role']
export type Scorecard = Outputs['scorecard']['get']
export type ScorecardIndicator = Scorecard['indicators'][number]
export type Area = Scorecard['areas'][number]
export type Status = ScorecardIndicator['status']
export type Detail = Outputs['scorecard']['detail']
export type CatalogIndicator = Detail['indicator']
export type BreakdownRow = Detail['byDepartment'][number]
export type MetaView = Outputs['explore']['meta'][number]
export type MetaMember = MetaView['measures'][number]
export type ExploreQuery = Inputs['explore']['run']
export type ExploreFilter = NonNullable<ExploreQuery['filters']>[number]
export type ExploreResult = Outputs['explore']['run']
