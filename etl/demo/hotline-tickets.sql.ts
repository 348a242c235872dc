import { columnHeader, enumPairs, type HeaderForm } from '../contract/forms'
import { type FactContext, P, perDept, perTown, villageTown, villageWeights } from './fact-context'
import {
  floats,
  perCode,
  pickIndex,
  pickIndexByYear,
  slashDateTime,
  u,
  weightsByYear,
  yearIndex,
} from './random.sql'
import { FACT_DAYS, FACT_RATES } from './story'

/** The contract's values, in contract order: `ci`, `ki` and `si` below index these lists. */
const CHANNELS = enumPairs('hotline_tickets', 'channel')
const CATEGORIES = enumPairs('hotline_tickets', 'category')
const SATISFACTION = enumPairs('hotline_tickets', 'satisfaction')
const codesOf = (pairs: ReadonlyArray<readonly [string, string]>) => pairs.map(([code]) => code)
const labelsOf = (pairs: ReadonlyArray<readonly [string, string]>) =>
  `[${pairs.map(([, l]) => `'${l}'`).join(', ')}]`

/** Share of each channel per plan year (2021…2025): phone gives way to WeChat and the app. */
const CHANNEL_WEIGHTS_BY_YEAR = weightsByYear(codesOf(CHANNELS), {
  phone: [0.68, 0.62, 0.55, 0.5, 0.45],
  web: [0.1, 0.1, 0.1, 0.1, 0.1],
  wechat: [0.12, 0.15, 0.19, 0.22, 0.25],
  app: [0.05, 0.08, 0.11, 0.13, 0.16],
  other: [0.05, 0.05, 0.05, 0.05, 0.04],
})

/** Per category: its share of tickets and the hours allowed to handle it. */
const CATEGORY_STORY = perCode(codesOf(CATEGORIES), {
  consult: { share: 0.4, dueHours: 24 },
  help: { share: 0.2, dueHours: 72 },
  complaint: { share: 0.28, dueHours: 168 },
  suggestion: { share: 0.08, dueHours: 360 },
  praise: { share: 0.04, dueHours: 24 },
})

/** 1-based position of a satisfaction code, as `si` holds it. */
function satisfaction(code: string): number {
  const i = codesOf(SATISFACTION).indexOf(code)
  if (i < 0) throw new Error(`hotline_tickets.satisfaction has no value ${code}`)
  return i + 1
}

/** A JSON key as the 12345 platform writes it: a contract header (received_at as 来电时间). */
const key = (column: string, form: HeaderForm = 'zh') =>
  `\`${columnHeader('hotline_tickets', column, form)}\``

function ticketsRowsSql(ctx: FactContext): string {
  const onTimeLag = floats(perDept(ctx, (d) => d.lag.hotline ?? 0))
  const townOnTimeLag = floats(perTown(ctx, (t) => t.lag.onTime ?? 0))
  const categoryWeights = CATEGORY_STORY.map((c) => c.share)
  const deptWeights = perDept(ctx, (d) => d.hotline)
  return `SELECT
  number AS n,
  toUInt32(floor(${FACT_DAYS} * pow(${u(101)}, 0.85))) AS day,
  if(${u(102)} < 0.04, floor(25200 * ${u(103)}), 25200 + floor(57600 * ${u(103)})) AS sec,
  addSeconds(${P.start}, toUInt32(day * 86400 + sec)) AS received,
  ${yearIndex('received')} AS yi,
  ${pickIndexByYear(CHANNEL_WEIGHTS_BY_YEAR, u(104), 'yi')} AS ci,
  ${pickIndex(categoryWeights, u(105))} AS ki,
  ${pickIndex(deptWeights, u(106))} AS di,
  ${pickIndex(villageWeights(ctx), u(107))} AS vi,
  [${villageTown(ctx).join(', ')}][vi] AS ti,
  ${floats(CATEGORY_STORY.map((c) => c.dueHours))}[ki] AS due_hours,
  addSeconds(received, toUInt32(due_hours * 3600)) AS due,
  ${u(108)} < ${floats(FACT_RATES.hotlineOnTime)}[yi] - ${onTimeLag}[di] - ${townOnTimeLag}[ti] AS on_time,
  if(on_time, addSeconds(received, toUInt32(due_hours * 3600 * 0.95 * pow(${u(109)}, 1.5))),
    addSeconds(due, toUInt32(3600 * (2 + 118 * ${u(109)})))) AS close_at,
  if(close_at <= ${P.exportAt}, close_at, NULL) AS closed,
  ${u(110)} AS us,
  0.1 - 0.008 * (yi - 1) + if(on_time, 0, 0.12) AS p_unhappy,
  multiIf(closed IS NULL OR us < 0.3, ${satisfaction('none')}, us < 0.3 + 0.7 * p_unhappy, ${satisfaction('dissatisfied')},
    us < 0.3 + 0.7 * (p_unhappy + 0.12), ${satisfaction('basically_satisfied')}, ${satisfaction('satisfied')}) AS si
FROM numbers({demoRows:UInt64})`
}

/** JSON Lines with the contract's Chinese keys, as the 12345 platform exports them. */
export function hotlineTicketsFileSql(ctx: FactContext): string {
  return `SELECT
  concat('GD', formatDateTime(received, '%Y%m%d'), leftPad(toString(n), 8, '0')) AS ${key('ticket_id')},
  ${slashDateTime('received')} AS ${key('received_at', 1)},
  ${labelsOf(CHANNELS)}[ci] AS ${key('channel')},
  ${labelsOf(CATEGORIES)}[ki] AS ${key('category')},
  ${P.depts}[di] AS ${key('dept_code')},
  if(${u(111)} < 0.08, NULL, ${P.villages}[vi]) AS ${key('region_code')},
  if(${u(112)} < 0.05, NULL, ${slashDateTime('due')}) AS ${key('due_at')},
  ${slashDateTime('closed')} AS ${key('closed_at')},
  ${labelsOf(SATISFACTION)}[si] AS ${key('satisfaction')},
  ${slashDateTime(`least(ifNull(addSeconds(closed, 172800), addSeconds(received, 3600)), ${P.exportAt})`)} AS ${key('updated_at')}
FROM (${ticketsRowsSql(ctx)})`
}
