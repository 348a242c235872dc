import { TRPCError } from '@trpc/server'
import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { serveApp } from './http.testing'
import { openTestApp } from './testing'

/**
 * 自助分析 exports on the real engine (demo data): columns titled by the model, months as
 * 2025-01 (CSV) or month date cells (XLSX), rates as % (CSV text, XLSX 0.0% cells), counts
 * grouped in XLSX, empty dimension values as （空）; date ranges that cannot be right are a 400.
 */
describe('explore exports fit their data', () => {
  let app: Awaited<ReturnType<typeof openTestApp>>
  beforeAll(async () => {
    app = await openTestApp(0.01)
  }, 240_000)
  afterAll(() => app?.dispose())

  const query = {
    measures: ['hotline_kpis.tickets', 'hotline_kpis.hotline_ontime_rate'],
    dimensions: ['hotline_kpis.town_name'],
    timeDimension: {
      dimension: 'hotline_kpis.date',
      granularity: 'month' as const,
      dateRange: ['2024-01-01', '2024-12-31'] as [string, string],
    },
    limit: 5000,
  }

  it('CSV: titles from the model, months as 2025-01, rates as %, empty towns as （空）', async () => {
    const file = await app.files('analyst').explore.export({ query, format: 'csv' })
    const lines = file.body
      .toString('utf8')
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n')
    expect(lines[0]).toBe('所属镇街名称,受理时间,工单数,12345按时办结率')
    const rows = lines.slice(1).map((l) => l.split(','))
    expect(rows.length).toBeGreaterThan(12)
    for (const r of rows) {
      expect(r[1]).toMatch(/^2024-(0[1-9]|1[0-2])$/)
      expect(r[2]).toMatch(/^\d+$/)
      expect(r[3]).toMatch(/^(\d{1,3}\.\d{2}%)?$/)
      expect(r[0]).not.toBe('')
    }
    expect(file.body.toString('utf8')).not.toMatch(/T00:00:00|hotline_kpis\./)
    // The engine answers the same rows; an empty town (tickets without a region) reads （空）.
    const raw = await app.caller('analyst').explore.run(query)
    const empty = raw.data.filter(
      (r) => r['hotline_kpis.town_name'] === null || r['hotline_kpis.town_name'] === '',
    )
    expect(rows.filter((r) => r[0] === '（空）').length).toBe(empty.length)
  })

  it('XLSX: month date cells shown yyyy-mm, rates as 0.0% numbers, counts as #,##0 numbers', async () => {
    const file = await app.files('analyst').explore.export({ query, format: 'xlsx' })
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(file.body as unknown as ArrayBuffer)
    const ws = wb.worksheets[0]!
    expect((ws.getRow(1).values as unknown[]).slice(1)).toEqual([
      '所属镇街名称',
      '受理时间',
      '工单数',
      '12345按时办结率',
    ])
    const month = ws.getCell('B2')
    expect(month.value).toBeInstanceOf(Date)
    expect((month.value as Date).toISOString()).toMatch(/^2024-\d{2}-01T00:00:00/)
    expect(month.numFmt).toBe('yyyy-mm')
    expect(typeof ws.getCell('C2').value).toBe('number')
    expect(ws.getCell('C2').numFmt).toBe('#,##0')
    const rate = ws.getCell('D2')
    expect(typeof rate.value).toBe('number')
    expect(rate.value as number).toBeGreaterThanOrEqual(0)
    expect(rate.value as number).toBeLessThanOrEqual(1)
    expect(rate.numFmt).toBe('0.0%')
  })

  it('years as 2024 and days as 2024-03-05 in CSV', async () => {
    for (const [granularity, pattern] of [
      ['year', /^\d{4}$/],
      ['day', /^\d{4}-\d{2}-\d{2}$/],
      ['quarter', /^\d{4} Q[1-4]$/],
    ] as const) {
      const file = await app.files('analyst').explore.export({
        query: { ...query, timeDimension: { ...query.timeDimension, granularity } },
        format: 'csv',
      })
      const cells = file.body
        .toString('utf8')
        .trim()
        .split('\r\n')
        .slice(1)
        .map((l) => l.split(',')[1])
      expect(cells.length, granularity).toBeGreaterThan(0)
      for (const c of cells) expect(c, granularity).toMatch(pattern)
    }
  })

  it('a reversed or impossible date range is refused with a 400 that says so (run, sql, export, HTTP)', async () => {
    const reversed = {
      ...query,
      timeDimension: { ...query.timeDimension, dateRange: ['2024-12-31', '2024-01-01'] },
    }
    const impossible = {
      ...query,
      timeDimension: { ...query.timeDimension, dateRange: ['2024-02-30', '2024-03-31'] },
    }
    for (const [q, pattern] of [
      [reversed, /起始日期（2024-12-31）晚于结束日期（2024-01-01）/],
      [impossible, /起始日期“2024-02-30”不是有效日期/],
    ] as const) {
      for (const call of [
        () => app.caller('analyst').explore.run(q as never),
        () => app.caller('analyst').explore.sql(q as never),
        () => app.files('analyst').explore.export({ query: q as never, format: 'csv' }),
      ]) {
        const err = await call().then(
          () => null,
          (e: unknown) => e,
        )
        expect(err).toBeInstanceOf(TRPCError)
        expect((err as TRPCError).code).toBe('BAD_REQUEST')
        expect((err as TRPCError).message).toMatch(pattern)
      }
    }
    const web = await serveApp(app.deps)
    try {
      const jar = await web.session('analyst')
      const r = await web.query('explore.run', reversed, jar)
      expect(r.status).toBe(400)
      expect(r.error?.message).toMatch(/晚于结束日期/)
      const file = await web.download('explore.export', { query: reversed, format: 'xlsx' }, jar)
      expect(file.status).toBe(400)
      expect(file.error?.message).toMatch(/晚于结束日期/)
    } finally {
      web.close()
    }
  })
})
