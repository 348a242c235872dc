import { type Session, trpcPath } from './sessions'

/**
 * What each signed-in session asks for, in a loop: the requests its pages send (总览,
 * 指标详情, 自助分析) with the scopes a user of that role picks. Sessions differ in towns,
 * departments, years and indicators, so the server sees many distinct queries, not one.
 */
export interface Reference {
  towns: Array<{ code: string }>
  departments: Array<{ code: string }>
  indicators: Array<{ id: string; cube: { breakdowns: string[] } }>
}

export interface PlannedRequest {
  /** What the request is, for per-kind latency figures. */
  label: string
  path: string
}

const at = <T>(xs: T[], i: number): T => {
  if (xs.length === 0) throw new Error('empty reference list')
  return xs[i % xs.length]!
}

/** Ad-hoc queries an analyst builds on the governed views (member names as in explore.meta). */
function exploreQuery(k: number, year: number, town: string) {
  const queries = [
    {
      measures: ['application_kpis.applications', 'application_kpis.online_application_rate'],
      dimensions: ['application_kpis.dept_name'],
      order: [['application_kpis.applications', 'desc']],
      limit: 100,
    },
    {
      measures: ['application_kpis.full_online_rate'],
      timeDimension: {
        dimension: 'application_kpis.date',
        granularity: 'month',
        dateRange: [`${year}-01-01`, `${year}-12-31`],
      },
    },
    {
      measures: ['hotline_kpis.tickets', 'hotline_kpis.hotline_ontime_rate'],
      dimensions: ['hotline_kpis.town_name'],
      timeDimension: {
        dimension: 'hotline_kpis.date',
        granularity: 'year',
        dateRange: ['2025-01-01', '2025-12-31'],
      },
    },
    {
      measures: ['application_kpis.applications'],
      dimensions: ['application_kpis.channel'],
      filters: [{ member: 'application_kpis.town_code', operator: 'equals', values: [town] }],
    },
    {
      measures: ['hotline_kpis.hotline_satisfaction_rate'],
      dimensions: ['hotline_kpis.category'],
      timeDimension: {
        dimension: 'hotline_kpis.date',
        granularity: 'quarter',
        dateRange: [`${year - 1}-01-01`, `${year}-12-31`],
      },
      limit: 50,
    },
  ]
  return at(queries, k)
}

export function planFor(s: Session, i: number, ref: Reference): PlannedRequest[] {
  const town = at(ref.towns, i).code
  const dept = at(ref.departments, i).code
  const otherYear = at([2024, 2023, 2022, 2021], i)
  const withDept = ref.indicators.filter((x) => x.cube.breakdowns.includes('dept'))
  const withRegion = ref.indicators.filter((x) => x.cube.breakdowns.includes('region'))
  const ind = (k: number) => at(ref.indicators, i * 5 + k).id
  const deptInd = (k: number) => at(withDept, i * 3 + k).id
  const regionInd = (k: number) => at(withRegion, i * 3 + k).id
  const one = (label: string, proc: string, input?: unknown): PlannedRequest => ({
    label,
    path: trpcPath([[proc, input]]),
  })
  const me = one('auth.me', 'auth.me')

  if (s.role === 'department') {
    return [
      me,
      one('scorecard.get', 'scorecard.get', { year: 2025 }),
      one('scorecard.detail', 'scorecard.detail', { id: deptInd(0), year: 2025 }),
      one('scorecard.get', 'scorecard.get', { year: otherYear }),
      one('scorecard.detail', 'scorecard.detail', { id: deptInd(1), year: 2025 }),
      one('explore.meta', 'explore.meta'),
      one('explore.run', 'explore.run', exploreQuery(1, 2025, town)),
      one('scorecard.detail', 'scorecard.detail', { id: deptInd(2), year: otherYear }),
    ]
  }
  if (s.role === 'analyst') {
    return [
      me,
      one('explore.meta', 'explore.meta'),
      one('explore.run', 'explore.run', exploreQuery(i, 2025, town)),
      one('explore.run', 'explore.run', exploreQuery(i + 1, otherYear, town)),
      one('explore.sql', 'explore.sql', exploreQuery(i, 2025, town)),
      one('explore.run', 'explore.run', exploreQuery(i + 2, 2025, town)),
      one('scorecard.get', 'scorecard.get', { year: 2025 }),
      one('scorecard.detail', 'scorecard.detail', { id: ind(0), year: 2025 }),
      one('explore.run', 'explore.run', exploreQuery(i + 3, otherYear, town)),
    ]
  }
  // Leaders and evaluators: the district, then drilling into a town and a department.
  return [
    me,
    one('scorecard.get', 'scorecard.get', { year: 2025 }),
    one('scorecard.detail', 'scorecard.detail', { id: ind(0), year: 2025 }),
    one('scorecard.get', 'scorecard.get', { year: otherYear }),
    {
      label: 'reference.towns+departments',
      path: trpcPath([['reference.towns'], ['reference.departments']]),
    },
    one('scorecard.get town', 'scorecard.get', { year: 2025, regionCode: town }),
    one('scorecard.detail town', 'scorecard.detail', { id: regionInd(0), year: 2025, regionCode: town }),
    one('scorecard.get dept', 'scorecard.get', { year: 2025, deptCode: dept }),
    one('scorecard.detail dept', 'scorecard.detail', { id: deptInd(0), year: 2025, deptCode: dept }),
    one('scorecard.get', 'scorecard.get', { year: 2025, asOf: '2025-06-30' }),
    one('scorecard.detail', 'scorecard.detail', { id: ind(1), year: otherYear }),
    one('explore.run', 'explore.run', exploreQuery(0, 2025, town)),
  ]
}
