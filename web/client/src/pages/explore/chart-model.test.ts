import { describe, expect, it } from 'vitest'
import { type ExploreColumn, ZH_LABELS } from '../../../../shared/explore-format'
import { chartModel, MAX_POINTS, MAX_SERIES } from './chart-model'

const town: ExploreColumn = { key: 'v.town_name', title: '所属镇街名称', role: 'dimension', kind: 'text' }
const month: ExploreColumn = {
  key: 'v.date.month',
  title: '受理时间',
  role: 'time',
  kind: 'time',
  granularity: 'month',
}
const tickets: ExploreColumn = { key: 'v.tickets', title: '工单数', role: 'measure', kind: 'number' }
const rate: ExploreColumn = { key: 'v.rate', title: '按时办结率', role: 'measure', kind: 'percent' }

const monthOf = (i: number) => `2024-${String(i + 1).padStart(2, '0')}-01T00:00:00.000`

describe('the explore chart model', () => {
  it('dimension × month: months on x in order, one series per town, （空） for an empty town', () => {
    const towns = ['石桥镇', '龙泉镇', null, '城关街道']
    const rows = towns.flatMap((t, ti) =>
      // Months arrive newest first: the chart still runs January to December.
      [...Array(12).keys()].reverse().map((m) => ({
        'v.town_name': t,
        'v.date.month': monthOf(m),
        'v.tickets': (ti + 1) * 100 + m,
      })),
    )
    const model = chartModel(rows, [town, month, tickets], ZH_LABELS)!
    expect(model.pivoted).toBe(true)
    expect(model.x).toBe(month)
    expect(model.data.map((p) => p.__x)).toEqual([...Array(12).keys()].map((m) => monthOf(m).slice(0, 7)))
    // Largest total first.
    expect(model.series.map((s) => s.title)).toEqual(['城关街道', '（空）', '龙泉镇', '石桥镇'])
    expect(model.data[0]![model.series[1]!.key]).toBe(300)
    expect(model.seriesCut).toBeNull()
    expect(model.pointsCut).toBeNull()
  })

  it('one dimension: one series per measure, no pivot', () => {
    const rows = [
      { 'v.town_name': 'A', 'v.tickets': 10, 'v.rate': 0.5 },
      { 'v.town_name': 'B', 'v.tickets': 20, 'v.rate': null },
    ]
    const model = chartModel(rows, [town, tickets, rate], ZH_LABELS)!
    expect(model.pivoted).toBe(false)
    expect(model.series.map((s) => [s.title, s.measure.kind])).toEqual([
      ['工单数', 'number'],
      ['按时办结率', 'percent'],
    ])
    expect(model.data).toEqual([
      { __x: 'A', s0: 10, s1: 0.5 },
      { __x: 'B', s0: 20, s1: null },
    ])
    expect(chartModel(rows, [tickets], ZH_LABELS)).toBeNull()
    expect(chartModel([], [town, tickets], ZH_LABELS)).toBeNull()
  })

  it('50,000 rows: bounded series and points, the cuts reported, in well under a second', () => {
    const rows = [...Array(50_000).keys()].map((i) => ({
      'v.town_name': `单位${i % 500}`,
      'v.date.month': `${2000 + Math.floor(i / 500 / 12)}-${String((Math.floor(i / 500) % 12) + 1).padStart(2, '0')}-01T00:00:00.000`,
      'v.tickets': i % 97,
    }))
    // CPU time, not wall time: other work on a busy machine does not count against it.
    const started = process.cpuUsage()
    const model = chartModel(rows, [town, month, tickets], ZH_LABELS)!
    const used = process.cpuUsage(started)
    const ms = (used.user + used.system) / 1000
    console.log(`chart model of 50,000 rows: ${ms.toFixed(0)} ms CPU`)
    expect(ms).toBeLessThan(1000)
    expect(model.series).toHaveLength(MAX_SERIES)
    expect(model.seriesCut).toEqual({ shown: MAX_SERIES, total: 500 })
    expect(model.data).toHaveLength(100)
    expect(model.pointsCut).toBeNull()
    const wide = chartModel(
      rows.map((r, i) => ({ ...r, 'v.town_name': `单位${i}` })),
      [town, tickets],
      ZH_LABELS,
    )!
    expect(wide.data).toHaveLength(MAX_POINTS)
    expect(wide.pointsCut).toEqual({ shown: MAX_POINTS, total: 50_000 })
  })
})
