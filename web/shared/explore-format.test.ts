import { describe, expect, it } from 'vitest'
import {
  cellText,
  dateRangeIssue,
  dateRangeProblem,
  exploreColumns,
  timeText,
  ZH_LABELS,
} from './explore-format'

describe('explore formats', () => {
  it('time at its grain; rates as %; counts grouped; empty values as （空）', () => {
    const ts = '2025-01-05T00:00:00.000'
    expect(timeText(ts, 'year')).toBe('2025')
    expect(timeText('2025-08-01T00:00:00.000', 'quarter')).toBe('2025 Q3')
    expect(timeText(ts, 'month')).toBe('2025-01')
    expect(timeText(ts, 'day')).toBe('2025-01-05')
    expect(timeText('2025-01-05T13:45:10.000')).toBe('2025-01-05 13:45')
    const cols = exploreColumns(
      {
        measures: ['v.n', 'v.r'],
        dimensions: ['v.town', 'v.flag'],
        timeDimension: { dimension: 'v.date', granularity: 'month' },
      },
      {
        measures: {
          'v.n': { title: '视图 工单数', shortTitle: '工单数', type: 'number' },
          'v.r': { title: '视图 网办率', shortTitle: '网办率', type: 'number', format: 'percent' },
        },
        dimensions: {
          'v.town': { title: '视图 镇街', shortTitle: '镇街', type: 'string' },
          'v.flag': { title: '视图 全程网办', shortTitle: '全程网办', type: 'boolean' },
        },
        timeDimensions: { 'v.date.month': { title: '视图 申请时间', shortTitle: '申请时间', type: 'time' } },
      },
    )
    expect(cols.map((c) => [c.key, c.title, c.kind])).toEqual([
      ['v.town', '镇街', 'text'],
      ['v.flag', '全程网办', 'boolean'],
      ['v.date.month', '申请时间', 'time'],
      ['v.n', '工单数', 'number'],
      ['v.r', '网办率', 'percent'],
    ])
    const [townCol, flag, monthCol, n, r] = cols as [never, never, never, never, never]
    expect(cellText(r, 0.6311, ZH_LABELS)).toBe('63.1%')
    expect(cellText(n, 1234567, ZH_LABELS)).toBe('1,234,567')
    expect(cellText(n, 1234.5678, ZH_LABELS)).toBe('1,234.57')
    expect(cellText(monthCol, '2025-01-01T00:00:00.000', ZH_LABELS)).toBe('2025-01')
    expect(cellText(townCol, null, ZH_LABELS)).toBe('（空）')
    expect(cellText(townCol, '', ZH_LABELS)).toBe('（空）')
    expect(cellText(n, null, ZH_LABELS)).toBe('')
    expect(cellText(flag, true, ZH_LABELS)).toBe('是')
  })

  it('date ranges: reversed, one-sided and impossible dates are named', () => {
    expect(dateRangeIssue('', '')).toBeNull()
    expect(dateRangeIssue('2024-01-01', '2024-01-01')).toBeNull()
    expect(dateRangeIssue('2024-01-01', '')).toBe('oneSided')
    expect(dateRangeIssue('2024-02-30', '2024-03-01')).toBe('badFrom')
    expect(dateRangeIssue('2024-01-01', '2024-13-01')).toBe('badTo')
    expect(dateRangeIssue('2024-12-31', '2024-01-01')).toBe('reversed')
    expect(dateRangeProblem('2024-12-31', '2024-01-01')).toBe(
      '起始日期（2024-12-31）晚于结束日期（2024-01-01），请调整日期范围',
    )
  })
})
