import { type CellLabels, cellText, type ExploreColumn } from '../../../../shared/explore-format'

/** The chart draws at most this many series and x values; the rest is in the table and exports. */
export const MAX_SERIES = 12
export const MAX_POINTS = 200

export interface ChartSeries {
  /** The key in each data point (`s0`, `s1`, … so member names never become paths). */
  key: string
  /** The legend text: a measure's title, or a dimension value (（空） when empty). */
  title: string
  /** The measure whose values the series carries (its format formats them). */
  measure: ExploreColumn
}

export interface Cut {
  shown: number
  total: number
}

export interface ChartModel {
  /** The x axis column (the time column when there is one). */
  x: ExploreColumn
  /** One point per x value: `__x` (its label) and one number (or null) per series key. */
  data: Array<Record<string, string | number | null>>
  series: ChartSeries[]
  /** Set when series were left out: one series per value of the second dimension. */
  seriesCut: Cut | null
  /** Set when measures were left out (no second dimension: one series per measure). */
  measureCut: Cut | null
  pointsCut: Cut | null
  /** One series per value of the other dimension(s), for one measure. */
  pivoted: boolean
}

type Row = Record<string, unknown>

const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null)

/** x values in chart order: time ascending, anything else in the result's order. */
function xOrder(rows: Row[], x: ExploreColumn, xs: string[]): string[] {
  const seen = new Map<string, string>()
  rows.forEach((r, i) => {
    if (!seen.has(xs[i]!)) seen.set(xs[i]!, String(r[x.key] ?? ''))
  })
  const order = [...seen.keys()]
  if (x.role === 'time') order.sort((a, b) => (seen.get(a)! < seen.get(b)! ? -1 : 1))
  return order
}

/**
 * What the chart draws from a result. No dimension: nothing. One dimension (or time): it on
 * the x axis, one series per measure. Two or more: x is the time column (else the first
 * dimension), and one series per value of the other dimension(s), for `measure` — the
 * largest by total first. Bounded by MAX_SERIES and MAX_POINTS, with the cuts reported.
 * One pass over the rows, so 50,000 of them take milliseconds.
 */
export function chartModel(
  rows: Row[],
  columns: ExploreColumn[],
  labels: CellLabels,
  measureKey?: string,
): ChartModel | null {
  const cats = columns.filter((c) => c.role !== 'measure')
  const measures = columns.filter((c) => c.role === 'measure')
  if (rows.length === 0 || cats.length === 0 || measures.length === 0) return null
  const x = cats.find((c) => c.role === 'time') ?? cats[0]!
  const others = cats.filter((c) => c !== x)
  // Each row's labels once: formatting is the cost of a large result.
  const xs = rows.map((r) => cellText(x, r[x.key], labels))
  const allX = xOrder(rows, x, xs)
  const shownX = allX.slice(0, MAX_POINTS)
  const points = new Map(
    shownX.map((label) => [label, { __x: label } as Record<string, string | number | null>]),
  )
  const pointsCut = allX.length > shownX.length ? { shown: shownX.length, total: allX.length } : null

  if (others.length === 0) {
    const shown = measures.slice(0, MAX_SERIES)
    const series = shown.map((m, i) => ({ key: `s${i}`, title: m.title, measure: m }))
    rows.forEach((r, i) => {
      const p = points.get(xs[i]!)
      if (p) for (const s of series) p[s.key] = num(r[s.measure.key])
    })
    return {
      x,
      data: [...points.values()],
      series,
      seriesCut: null,
      measureCut: measures.length > shown.length ? { shown: shown.length, total: measures.length } : null,
      pointsCut,
      pivoted: false,
    }
  }

  const measure = measures.find((m) => m.key === measureKey) ?? measures[0]!
  const names = rows.map((r) =>
    others.length === 1
      ? cellText(others[0]!, r[others[0]!.key], labels)
      : others.map((c) => cellText(c, r[c.key], labels)).join(' / '),
  )
  const totals = new Map<string, number>()
  rows.forEach((r, i) => {
    totals.set(names[i]!, (totals.get(names[i]!) ?? 0) + Math.abs(num(r[measure.key]) ?? 0))
  })
  const ranked = [...totals.keys()].sort((a, b) => totals.get(b)! - totals.get(a)!)
  const shownNames = ranked.slice(0, MAX_SERIES)
  const keyOf = new Map(shownNames.map((n, i) => [n, `s${i}`]))
  for (const p of points.values()) for (const k of keyOf.values()) p[k] = null
  rows.forEach((r, i) => {
    const key = keyOf.get(names[i]!)
    const p = key && points.get(xs[i]!)
    if (p) p[key] = num(r[measure.key])
  })
  return {
    x,
    data: [...points.values()],
    series: shownNames.map((n) => ({ key: keyOf.get(n)!, title: n, measure })),
    seriesCut: ranked.length > shownNames.length ? { shown: shownNames.length, total: ranked.length } : null,
    measureCut: null,
    pointsCut,
    pivoted: true,
  }
}
