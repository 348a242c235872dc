import { type Department, DISTRICT } from './dimensions'
import { pad, rand } from './random'
import { CATALOGUE_RATES, SNAPSHOT_DATES } from './story'

export type ItemFlag = keyof typeof CATALOGUE_RATES

/** The year a flag first holds (it never reverts); NEVER when it never does. */
export const NEVER = 9999

export interface ServiceItem {
  code: string
  name: string
  deptIndex: number
  hall: boolean
  /** applications to it usually need a certificate (证照) */
  cert: boolean
  promisedDays: number
  /** first and last snapshot year it is in the catalogue */
  fromYear: number
  toYear: number
  /** larger = more applications */
  popularity: number
  firstYear: Record<ItemFlag, number>
}

const BASELINE_ITEMS = 1680
const NEW_PER_YEAR = 12
/** Items abolished by 放管服 simplification: [year of last snapshot, how many]. */
const ABOLISHED: ReadonlyArray<readonly [number, number]> = [
  [2021, 15],
  [2022, 10],
]

const VARIANTS = [
  '',
  '（首次申请）',
  '（变更）',
  '（延续）',
  '（注销）',
  '（补办）',
  '（个人）',
  '（法人）',
  '（跨区通办）',
  '（容缺受理）',
  '（告知承诺制）',
  '（一件事）',
  '（证明开具）',
  '（信息查询）',
  '（进度查询）',
  '（特殊情形）',
]

const PROMISED_DAYS: ReadonlyArray<readonly [days: number, weight: number]> = [
  [0, 0.3],
  [1, 0.1],
  [3, 0.15],
  [5, 0.2],
  [10, 0.1],
  [15, 0.08],
  [20, 0.07],
]

function promisedDays(code: string): number {
  let r = rand('days', code)
  for (const [days, w] of PROMISED_DAYS) {
    r -= w
    if (r < 0) return days
  }
  return 20
}

/** Items per department in proportion to its weight, summing exactly to `total`. */
function apportion(depts: readonly Department[], total: number): number[] {
  const sum = depts.reduce((s, d) => s + d.items, 0)
  const exact = depts.map((d) => (d.items / sum) * total)
  const counts = exact.map(Math.floor)
  const byRemainder = exact
    .map((x, i) => [x - Math.floor(x), i] as const)
    .sort((a, b) => b[0] - a[0] || a[1] - b[1])
  const deficit = total - counts.reduce((s, c) => s + c, 0)
  for (let k = 0; k < deficit; k++) counts[byRemainder[k]![1]]! += 1
  return counts
}

function makeItems(depts: readonly Department[]): ServiceItem[] {
  const counts = apportion(depts, BASELINE_ITEMS + NEW_PER_YEAR * 5)
  const items: ServiceItem[] = []
  depts.forEach((dept, d) => {
    for (let seq = 0; seq < counts[d]!; seq++) {
      const subject = dept.subjects[seq % dept.subjects.length]!
      const round = Math.floor(seq / dept.subjects.length)
      const variant = VARIANTS[round] ?? `（其他情形${round - VARIANTS.length + 1}）`
      const code = `${DISTRICT.code}SX${pad(d + 1, 2)}${pad(seq + 1, 4)}`
      items.push({
        code,
        name: `${subject}${variant}`,
        deptIndex: d,
        hall: rand('hall', code) < 0.62,
        cert: rand('cert', code) < (dept.name === '区公安分局' || dept.name === '区民政局' ? 0.8 : 0.5),
        promisedDays: promisedDays(code),
        fromYear: 2020,
        toYear: NEVER,
        popularity: rand('pop', code) ** (1 / dept.volume),
        firstYear: { online: NEVER, full: NEVER, mobile: NEVER, oneVisit: NEVER, booking: NEVER },
      })
    }
  })
  // Newcomers and abolished items are picked at random, then dated.
  const order = [...items].sort((a, b) => rand('life', a.code) - rand('life', b.code))
  let k = 0
  for (let year = 2021; year <= 2025; year++)
    for (let i = 0; i < NEW_PER_YEAR; i++) order[k++]!.fromYear = year
  for (const [year, n] of ABOLISHED) for (let i = 0; i < n; i++) order[k++]!.toYear = year
  return items
}

const exists = (item: ServiceItem, year: number) => item.fromYear <= year && year <= item.toYear

/**
 * Flags are handed out year by year to the best-placed items (popular ones first,
 * lagging departments' last) until each year's rate is met; once on, a flag stays on.
 */
function assignFlags(items: ServiceItem[], depts: readonly Department[]): void {
  const byPopularity = [...items].sort((a, b) => b.popularity - a.popularity)
  const popRank = new Map(byPopularity.map((it, i) => [it.code, i / items.length]))
  const score = (it: ServiceItem, flag: ItemFlag) => {
    const lag = depts[it.deptIndex]!.lag
    const deptLag = (lag.items ?? 0) + (flag === 'full' ? (lag.fullOnline ?? 0) : 0)
    const newcomer = it.fromYear > 2020 ? -0.4 : 0
    return rand('flag', flag, it.code) * 0.6 + popRank.get(it.code)! * 0.3 + deptLag + newcomer
  }
  const flags: ItemFlag[] = ['online', 'full', 'mobile', 'oneVisit', 'booking']
  const ranked = new Map(flags.map((f) => [f, [...items].sort((a, b) => score(a, f) - score(b, f))]))
  SNAPSHOT_DATES.forEach(([year], y) => {
    for (const flag of flags) {
      const base = items.filter((it) => exists(it, year) && (flag !== 'booking' || it.hall))
      const on = (it: ServiceItem) => it.firstYear[flag] <= year
      // 全程网办 and 掌上可办 need the item online; 全程网办 items are 最多跑一次 by nature.
      const eligible = (it: ServiceItem) =>
        exists(it, year) &&
        (flag !== 'booking' || it.hall) &&
        (flag === 'online' || flag === 'booking' || it.firstYear.online <= year)
      if (flag === 'oneVisit')
        for (const it of base)
          if (it.firstYear.full <= year) it.firstYear.oneVisit = Math.min(it.firstYear.oneVisit, year)
      let missing = Math.round(CATALOGUE_RATES[flag][y]! * base.length) - base.filter(on).length
      for (const it of ranked.get(flag)!) {
        if (missing <= 0) break
        if (!on(it) && eligible(it)) {
          it.firstYear[flag] = year
          missing--
        }
      }
    }
  })
}

/** The catalogue, ordered by popularity with items that exist in every year first. */
export function buildCatalogue(depts: readonly Department[]): ServiceItem[] {
  const items = makeItems(depts)
  assignFlags(items, depts)
  const always = (it: ServiceItem) => it.fromYear === 2020 && it.toYear === NEVER
  return items.sort((a, b) => Number(always(b)) - Number(always(a)) || b.popularity - a.popularity)
}

/** How many leading (most popular) items exist in every year: a safe fallback pool. */
export const alwaysPresentCount = (items: readonly ServiceItem[]) =>
  items.findIndex((it) => !(it.fromYear === 2020 && it.toYear === NEVER))

export interface SnapshotRow {
  item: ServiceItem
  snapshotDate: string
  flags: Record<ItemFlag, boolean>
}

/** One row per item per snapshot, in snapshot then item-code order. */
export function snapshotRows(items: readonly ServiceItem[]): SnapshotRow[] {
  const byCode = [...items].sort((a, b) => (a.code < b.code ? -1 : 1))
  return SNAPSHOT_DATES.flatMap(([year, snapshotDate]) =>
    byCode
      .filter((it) => exists(it, year))
      .map((item) => ({
        item,
        snapshotDate,
        flags: {
          online: item.firstYear.online <= year,
          full: item.firstYear.full <= year,
          mobile: item.firstYear.mobile <= year,
          oneVisit: item.firstYear.oneVisit <= year,
          booking: item.hall && item.firstYear.booking <= year,
        },
      })),
  )
}
