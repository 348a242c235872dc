import { headerRow } from '../contract/forms'
import { type FactContext, P, perDept } from './fact-context'
import { floats, pickIndex, slashDateTime, u, yearIndex } from './random.sql'
import { FACT_DAYS, FACT_RATES } from './story'

/** Header: the contract's English names, in contract order. */
export const SHARING_HEADER = headerRow('sharing_requests', 'en')

/** The dimension the query needs besides the shared ones: each department's resources. */
export const sharingParams = (ctx: FactContext) => ({ deptResources: ctx.depts.map((d) => d.provides) })

function requestsRowsSql(ctx: FactContext): string {
  const providerLag = floats(perDept(ctx, (d) => d.lag.provider ?? 0))
  const n = ctx.depts.length
  // Departments with more shareable resources receive more requests.
  const providerWeights = perDept(ctx, (d) => d.provides.length)
  return `SELECT
  number AS n,
  toUInt32(floor(${FACT_DAYS} * pow(${u(201)}, 0.8))) AS day0,
  -- Requests are filed on working days, in office hours.
  toDayOfWeek(toDate(${P.start}) + day0) AS dow,
  if(dow >= 6, if(day0 + 8 - dow < ${FACT_DAYS}, day0 + 8 - dow, day0 + 5 - dow), day0) AS day,
  addSeconds(${P.start}, toUInt32(day * 86400 + 32400 + floor(30600 * ${u(202)}))) AS requested,
  ${yearIndex('requested')} AS yi,
  1 + toUInt32(floor(${n} * ${u(203)})) AS ri,
  ${pickIndex(providerWeights, u(204))} AS pi0,
  if(pi0 = ri, pi0 % ${n} + 1, pi0) AS pi,
  {deptResources:Array(Array(String))}[pi] AS resources,
  resources[1 + toUInt32(floor(length(resources) * ${u(205)}))] AS resource,
  ${providerLag}[pi] AS lag,
  addSeconds(requested, toUInt32(86400 * (0.5 + 9.5 * pow(${u(206)}, 2)) * (1 + 5 * lag))) AS respond_at,
  ${u(207)} AS us,
  multiIf(respond_at > ${P.exportAt} OR ${u(208)} < 0.004, 'pending',
    us < ${floats(FACT_RATES.sharingSatisfied)}[yi] - lag, 'satisfied',
    ${u(209)} < 0.6, 'partial', 'rejected') AS status
FROM numbers({demoRows:UInt64})`
}

/** CSV with English headers and codes, from the 共享交换平台. */
export function sharingRequestsFileSql(ctx: FactContext): string {
  const respondedAt = slashDateTime("if(status = 'pending', NULL, respond_at)")
  return `SELECT
  concat('XQ', toString(toYear(requested)), leftPad(toString(n), 7, '0')),
  ${P.depts}[ri],
  ${P.depts}[pi],
  resource,
  ${slashDateTime('requested')},
  ${respondedAt},
  status,
  ${slashDateTime("if(status = 'pending', requested, respond_at)")}
FROM (${requestsRowsSql(ctx)})`
}
