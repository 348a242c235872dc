import { enumPairs, headerRow } from '../contract/forms'
import { type FactContext, P, perDept, perTown, villageTown, villageWeights } from './fact-context'
import {
  dateTime,
  floats,
  label,
  pickIndex,
  pickIndexByYear,
  u,
  weightsByYear,
  yearIndex,
} from './random.sql'
import { FACT_DAYS, FACT_RATES } from './story'

/** Sources as the contract lists them; `si` indexes this list. */
const SOURCES = enumPairs('governance_events', 'source')
/** Share of each source per plan year (2021…2025): grid reporting gives way to video and IoT detection. */
const SOURCE_WEIGHTS_BY_YEAR = weightsByYear(
  SOURCES.map(([code]) => code),
  {
    grid: [0.6, 0.52, 0.45, 0.4, 0.36],
    video: [0.08, 0.14, 0.2, 0.24, 0.27],
    hotline: [0.15, 0.15, 0.15, 0.15, 0.15],
    iot: [0.03, 0.06, 0.09, 0.12, 0.14],
    other: [0.14, 0.13, 0.11, 0.09, 0.08],
  },
)

/** [事件类型, handling department, hours allowed, weight] */
const CATEGORIES: ReadonlyArray<readonly [string, string, number, number]> = [
  ['占道经营', '区城市管理和综合执法局', 24, 0.14],
  ['乱堆乱放', '区城市管理和综合执法局', 24, 0.12],
  ['垃圾满溢', '区城市管理和综合执法局', 12, 0.1],
  ['违章搭建', '区城市管理和综合执法局', 72, 0.06],
  ['非法小广告', '区城市管理和综合执法局', 24, 0.06],
  ['绿化损毁', '区城市管理和综合执法局', 48, 0.03],
  ['违规停车', '区公安分局', 4, 0.08],
  ['道路破损', '区交通运输局', 72, 0.06],
  ['井盖缺失', '区住房和建设局', 12, 0.04],
  ['施工扰民', '区住房和建设局', 24, 0.04],
  ['噪音扰民', '区生态环境分局', 24, 0.06],
  ['河道污染', '区水务局', 48, 0.04],
  ['消防通道堵塞', '区消防救援大队', 12, 0.05],
  ['安全隐患', '区应急管理局', 24, 0.05],
  ['积水内涝', '区水务局', 6, 0.03],
]

/** Header: the contract's main Chinese aliases, in contract order (the order of the SELECT below). */
export const GOVERNANCE_HEADER = headerRow('governance_events', 'zh')

function eventsRowsSql(ctx: FactContext): string {
  const deptOf = CATEGORIES.map(([, dept]) => {
    const d = ctx.depts.findIndex((x) => x.name === dept)
    if (d < 0) throw new Error(`governance category department ${dept} is not a demo department`)
    return d + 1
  })
  const deptLag = floats(perDept(ctx, (d) => d.lag.events ?? 0))
  const townLag = floats(perTown(ctx, (t) => t.lag.onTime ?? 0))
  const categoryWeights = CATEGORIES.map((c) => c[3])
  return `SELECT
  number AS n,
  -- The 一网统管 platform was rolled out over 2021: reports grow quickly.
  toUInt32(floor(${FACT_DAYS} * pow(${u(301)}, 0.75))) AS day,
  addSeconds(${P.start}, toUInt32(day * 86400 + 21600 + floor(61200 * ${u(302)}))) AS reported,
  ${yearIndex('reported')} AS yi,
  ${pickIndexByYear(SOURCE_WEIGHTS_BY_YEAR, u(303), 'yi')} AS si,
  ${pickIndex(categoryWeights, u(304))} AS ki,
  [${deptOf.join(', ')}][ki] AS di,
  ${pickIndex(villageWeights(ctx), u(305))} AS vi,
  [${villageTown(ctx).join(', ')}][vi] AS ti,
  addSeconds(reported, toUInt32(3600 * ${floats(CATEGORIES.map((c) => c[2]))}[ki])) AS due,
  ${u(306)} < ${floats(FACT_RATES.eventOnTime)}[yi] - ${deptLag}[di] - ${townLag}[ti] AS on_time,
  if(on_time, addSeconds(reported, toUInt32(dateDiff('second', reported, due) * 0.95 * pow(${u(307)}, 1.3))),
    addSeconds(due, toUInt32(3600 + 601200 * ${u(307)}))) AS close_at,
  ${u(308)} AS us,
  -- Lagging towns also leave some events open for good, which lowers their 结案率.
  multiIf(us < 0.025, 'cancelled', us < 0.025 + 0.2 * ${townLag}[ti], 'open',
    close_at > ${P.exportAt}, 'open', 'closed') AS status
FROM numbers({demoRows:UInt64})`
}

/** CSV with Chinese headers and labels. */
export function governanceEventsFileSql(ctx: FactContext): string {
  return `SELECT
  concat('SJ', formatDateTime(reported, '%Y%m%d'), leftPad(toString(n), 8, '0')),
  [${SOURCES.map(([, l]) => `'${l}'`).join(', ')}][si],
  [${CATEGORIES.map((c) => `'${c[0]}'`).join(', ')}][ki],
  ${P.villages}[vi],
  ${P.depts}[di],
  ${dateTime('reported')},
  if(${u(309)} < 0.08, NULL, ${dateTime('due')}),
  if(status = 'closed', ${dateTime('close_at')}, NULL),
  ${label('status', enumPairs('governance_events', 'status'))},
  ${dateTime(`multiIf(status = 'closed', close_at, status = 'cancelled', addSeconds(reported, 3600), least(addSeconds(reported, 86400), ${P.exportAt}))`)}
FROM (${eventsRowsSql(ctx)})`
}
