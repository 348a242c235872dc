import { type FactContext, P, perDept, perTown, villageTown, villageWeights } from './fact-context'
import { floats, label, pickIndex, pickIndexByYear, slashDateTime, u, yearIndex } from './random.sql'
import { FACT_DAYS, FACT_RATES } from './story'

const CHANNELS = [
  ['phone', '电话'],
  ['web', '网站'],
  ['wechat', '微信'],
  ['app', 'App'],
  ['other', '其他'],
] as const

/** Phone gives way to WeChat and the app over the plan period. */
const CHANNEL_WEIGHTS_BY_YEAR = [
  [0.68, 0.1, 0.12, 0.05, 0.05],
  [0.62, 0.1, 0.15, 0.08, 0.05],
  [0.55, 0.1, 0.19, 0.11, 0.05],
  [0.5, 0.1, 0.22, 0.13, 0.05],
  [0.45, 0.1, 0.25, 0.16, 0.04],
]

const CATEGORIES = [
  ['consult', '咨询', 0.4, 24],
  ['help', '求助', 0.2, 72],
  ['complaint', '投诉', 0.28, 168],
  ['suggestion', '建议', 0.08, 360],
  ['praise', '表扬', 0.04, 24],
] as const

const SATISFACTION = [
  ['satisfied', '满意'],
  ['basically_satisfied', '基本满意'],
  ['dissatisfied', '不满意'],
  ['none', '未评价'],
] as const

function ticketsRowsSql(ctx: FactContext): string {
  const onTimeLag = floats(perDept(ctx, (d) => d.lag.hotline ?? 0))
  const townOnTimeLag = floats(perTown(ctx, (t) => t.lag.onTime ?? 0))
  const categoryWeights = CATEGORIES.map((c) => c[2])
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
  ${floats(CATEGORIES.map((c) => c[3]))}[ki] AS due_hours,
  addSeconds(received, toUInt32(due_hours * 3600)) AS due,
  ${u(108)} < ${floats(FACT_RATES.hotlineOnTime)}[yi] - ${onTimeLag}[di] - ${townOnTimeLag}[ti] AS on_time,
  if(on_time, addSeconds(received, toUInt32(due_hours * 3600 * 0.95 * pow(${u(109)}, 1.5))),
    addSeconds(due, toUInt32(3600 * (2 + 118 * ${u(109)})))) AS close_at,
  if(close_at <= ${P.exportAt}, close_at, NULL) AS closed,
  ${u(110)} AS us,
  0.1 - 0.008 * (yi - 1) + if(on_time, 0, 0.12) AS p_unhappy,
  multiIf(closed IS NULL OR us < 0.3, 4, us < 0.3 + 0.7 * p_unhappy, 3, us < 0.3 + 0.7 * (p_unhappy + 0.12), 2, 1) AS si
FROM numbers({demoRows:UInt64})`
}

/** JSON Lines with the contract's Chinese keys, as the 12345 platform exports them. */
export function hotlineTicketsFileSql(ctx: FactContext): string {
  const codes = (pairs: ReadonlyArray<readonly [string, string, ...unknown[]]>) =>
    `[${pairs.map((p) => `'${p[1]}'`).join(', ')}]`
  return `SELECT
  concat('GD', formatDateTime(received, '%Y%m%d'), leftPad(toString(n), 8, '0')) AS \`工单编号\`,
  ${slashDateTime('received')} AS \`来电时间\`,
  ${codes(CHANNELS)}[ci] AS \`来源渠道\`,
  ${codes(CATEGORIES)}[ki] AS \`诉求类型\`,
  ${P.depts}[di] AS \`承办部门编码\`,
  if(${u(111)} < 0.08, NULL, ${P.villages}[vi]) AS \`诉求区划代码\`,
  if(${u(112)} < 0.05, NULL, ${slashDateTime('due')}) AS \`办理时限\`,
  ${slashDateTime('closed')} AS \`办结时间\`,
  ${label(`['satisfied', 'basically_satisfied', 'dissatisfied', 'none'][si]`, SATISFACTION)} AS \`回访满意度\`,
  ${slashDateTime(`least(ifNull(addSeconds(closed, 172800), addSeconds(received, 3600)), ${P.exportAt})`)} AS \`更新时间\`
FROM (${ticketsRowsSql(ctx)})`
}
