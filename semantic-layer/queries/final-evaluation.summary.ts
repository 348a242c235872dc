import type { AreaCode, Binding, Catalog } from '../../indicators/catalog.schema'

/** The outcome of an indicator at the plan's end: the closed-year status of its final year. */
export type Verdict = 'met' | 'missed' | 'no_data' | 'no_target'

/**
 * Counts of outcomes. `met`, `missed` and `no_data` count indicators that have a plan-end
 * target (`with_target` is their sum); `no_target` those without one.
 */
export interface VerdictCounts {
  total: number
  with_target: number
  met: number
  missed: number
  no_data: number
  no_target: number
}

export interface FinalSummary extends VerdictCounts {
  /** Per area, in the catalog's area order (areas without indicators left out). */
  by_area: Array<VerdictCounts & { area: AreaCode; area_zh: string; area_en: string }>
  /** 约束性 (binding) and 预期性 (expected) targets. */
  by_binding: Array<VerdictCounts & { binding: Binding }>
}

/** What the summary needs of an evaluated indicator. */
export interface Counted {
  area: AreaCode
  binding: Binding
  verdict: Verdict
  target: { value: number | null }
}

function count(items: readonly Counted[]): VerdictCounts {
  const c: VerdictCounts = {
    total: items.length,
    with_target: 0,
    met: 0,
    missed: 0,
    no_data: 0,
    no_target: 0,
  }
  for (const i of items) {
    if (i.target.value === null) {
      c.no_target++
      continue
    }
    c.with_target++
    if (i.verdict === 'met') c.met++
    else if (i.verdict === 'missed') c.missed++
    else c.no_data++
  }
  return c
}

/** How many targets were met, missed or had no data: overall, by area and by binding. */
export function summarize(catalog: Catalog, items: readonly Counted[]): FinalSummary {
  return {
    ...count(items),
    by_area: catalog.areas
      .map((a) => ({
        area: a.code,
        area_zh: a.name_zh,
        area_en: a.name_en,
        ...count(items.filter((i) => i.area === a.code)),
      }))
      .filter((a) => a.total > 0),
    by_binding: (['binding', 'expected'] as const).map((binding) => ({
      binding,
      ...count(items.filter((i) => i.binding === binding)),
    })),
  }
}
