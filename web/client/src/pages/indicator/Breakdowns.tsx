import { useQuery } from '@tanstack/react-query'
import { useI18n } from '../../i18n/i18n'
import type { Scope } from '../../lib/scope'
import type { Detail, Me } from '../../lib/types'
import { useTRPC } from '../../trpc'
import { BreakdownSection } from './BreakdownSection'
import { RegionBreadcrumb } from './RegionBreadcrumb'

interface Props {
  me: Me
  detail: Detail
  scope: Scope
  onScope: (scope: Scope) => void
}

/** Department and region breakdowns; clicking filters the page (department) or drills (town). */
export function Breakdowns({ me, detail, scope, onScope }: Props) {
  const { t } = useI18n()
  const trpc = useTRPC()
  const ind = detail.indicator
  const isDept = me.role === 'department'
  // Levels come from the data (the indicator's view in the Cube model), not from the catalog.
  const hasRegion = detail.region_level !== null
  const canDrill = detail.region_levels.includes('village')
  const towns = useQuery({ ...trpc.reference.towns.queryOptions(), enabled: Boolean(scope.regionCode) })
  const depts = useQuery({ ...trpc.reference.departments.queryOptions(), enabled: Boolean(scope.deptCode) })
  const townName = towns.data?.find((x) => x.code === scope.regionCode)?.name ?? scope.regionCode ?? ''
  const deptName = depts.data?.find((x) => x.code === scope.deptCode)?.name ?? scope.deptCode
  return (
    <div className="grid-2">
      {ind.cube.breakdowns.includes('dept') && (
        <BreakdownSection
          title={t('ind.byDept')}
          testId="by-dept"
          indicator={ind}
          rows={detail.byDepartment}
          asOf={detail.scope.asOf}
          actionLabel={isDept || scope.deptCode ? undefined : t('ind.filterDept')}
          onAction={(row) => onScope({ ...scope, deptCode: row.code })}
          top={
            scope.deptCode ? (
              <p className="chip-row">
                <span className="chip">{t('ind.deptScope', { name: deptName ?? '' })}</span>
                <button
                  type="button"
                  className="btn btn-small"
                  onClick={() => onScope({ ...scope, deptCode: undefined })}
                >
                  {t('filter.clear')}
                </button>
              </p>
            ) : null
          }
        />
      )}
      {hasRegion && (
        <BreakdownSection
          title={
            detail.region_level === 'village' ? t('ind.byVillage', { town: townName }) : t('ind.byRegion')
          }
          testId="by-region"
          indicator={ind}
          rows={detail.byRegion}
          asOf={detail.scope.asOf}
          // Towns drill to their villages only where the data is recorded at village level.
          actionLabel={detail.region_level === 'town' && canDrill && !isDept ? t('ind.drill') : undefined}
          onAction={(row) => onScope({ ...scope, regionCode: row.code, drill: 'village' })}
          top={
            isDept ? null : (
              <RegionBreadcrumb
                townName={scope.regionCode ? townName : null}
                onDistrict={() => onScope({ ...scope, regionCode: undefined, drill: undefined })}
              />
            )
          }
        />
      )}
    </div>
  )
}
