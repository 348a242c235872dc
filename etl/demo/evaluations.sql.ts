import { headerRow } from '../contract/forms'
import { applicationId, applicationsBaseSql } from './applications.sql'
import { type FactContext, P, perDept } from './fact-context'
import { floats, isoDateTime, u, yearIndex } from './random.sql'
import { EVALUATION_SHARE, FACT_RATES } from './story'

/** Header: the contract's English names, in contract order (this export comes from the 好差评 system). */
export const EVALUATION_HEADER = headerRow('evaluations', 'en')

/**
 * 好差评 for about a third of completed applications, shortly after completion.
 * Most ratings are 4–5; 1–2 star ratings are mostly rectified within ten days, less
 * so in departments that lag, and about one in ten (more where departments lag) only
 * 10–40 days later, often past the 15-working-day limit. A few ratings come from hall
 * devices without an application number.
 */
function evaluationsRowsSql(ctx: FactContext, rows: number): string {
  const badShare = floats(FACT_RATES.badRating)
  const deptBad = floats(perDept(ctx, (d) => d.lag.rating ?? 0))
  const deptRectify = floats(perDept(ctx, (d) => d.lag.rectify ?? 0))
  return `SELECT
  n, di,
  if(${u(21)} < 0.03, NULL, ${applicationId}) AS app_id,
  addSeconds(completed_at, toUInt32(600 + 259200 * pow(${u(22)}, 2))) AS evaluated_at,
  ${badShare}[${yearIndex('evaluated_at')}] + ${deptBad}[di] AS bad,
  ${u(23)} AS ur,
  toUInt8(multiIf(ur < bad * 0.4, 1, ur < bad, 2, ur < bad + 0.03, 3, ur < bad + 0.25, 4, 5)) AS rating,
  addSeconds(evaluated_at, toUInt32(86400 + 777600 * ${u(24)})) AS rectify_at0,
  rating <= 2 AND ${u(25)} < 0.93 - ${deptRectify}[di] AND rectify_at0 <= ${P.exportAt} AS rectified,
  -- Some rectifications drag on past the 15-working-day limit (more where departments lag);
  -- one that would land after the export keeps its earlier date, so who is rectified stays.
  addSeconds(rectify_at0, toUInt32(if(${u(26)} < 0.1 + ${deptRectify}[di] / 2, 86400 * (10 + 30 * ${u(27)}), 0))) AS late_at,
  if(late_at <= ${P.exportAt}, late_at, rectify_at0) AS rectify_at
FROM (${applicationsBaseSql(ctx, rows)})
WHERE status = 'completed' AND bad_kind < 0 AND ${u(20)} < ${EVALUATION_SHARE}
  AND evaluated_at <= ${P.exportAt}`
}

export function evaluationsFileSql(ctx: FactContext, rows: number): string {
  return `SELECT
  concat('PJ', leftPad(toString(n), 10, '0')),
  app_id,
  ${P.depts}[di],
  rating,
  ${isoDateTime('evaluated_at')},
  if(rectified, 'true', 'false'),
  if(rectified, ${isoDateTime('rectify_at')}, NULL),
  ${isoDateTime('if(rectified, rectify_at, evaluated_at)')}
FROM (${evaluationsRowsSql(ctx, rows)})`
}

export function evaluationsCountSql(ctx: FactContext, rows: number): string {
  return `SELECT count() AS rows FROM (${evaluationsRowsSql(ctx, rows)})`
}
