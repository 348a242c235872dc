import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadFile } from '../../../etl/load/load'
import { openTestApp } from '../testing'

const pdfText = (base64: string) => {
  const f = path.join(os.tmpdir(), `ranking-${process.pid}-${Date.now()}.pdf`)
  fs.writeFileSync(f, Buffer.from(base64, 'base64'))
  try {
    return execFileSync('pdftotext', ['-layout', f, '-'], { encoding: 'utf8' })
  } finally {
    fs.rmSync(f, { force: true })
  }
}

describe('考核排名: scoring, adjustments, freezing, documents', () => {
  let app: Awaited<ReturnType<typeof openTestApp>>
  const scope = { unitType: 'department' as const, period: { type: 'year' as const, year: 2024 } }
  beforeAll(async () => {
    app = await openTestApp(0.02)
  }, 240_000)
  afterAll(() => app.dispose())

  it('ranks departments with totals equal to the sum of their parts', async () => {
    const r = await app.caller('evaluator').ranking.get(scope)
    expect(r.status).toBe('live')
    const ranked = r.result.units.filter((u) => u.rank !== null)
    expect(ranked.length).toBeGreaterThanOrEqual(20)
    for (const u of ranked) {
      const parts = u.indicators.reduce((s, p) => s + p.contribution, 0)
      expect(Math.abs(u.total! - (parts + u.bonus + u.adjustment))).toBeLessThan(1e-9)
    }
    expect(ranked[0]!.rank).toBe(1)
    expect(r.changes.some((c) => c.rank_change !== null)).toBe(true)
  })

  it('adjusts with a reason only, and re-ranks', async () => {
    const ev = app.caller('evaluator')
    const before = await ev.ranking.get(scope)
    const last = before.result.units.filter((u) => u.rank !== null).at(-1)!
    await expect(
      ev.ranking.adjust({ ...scope, unitCode: last.unit_code, points: 5, reason: '  ' }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' })
    await ev.ranking.adjust({ ...scope, unitCode: last.unit_code, points: 5, reason: '专项工作加分' })
    const after = await ev.ranking.get(scope)
    const u = after.result.units.find((x) => x.unit_code === last.unit_code)!
    expect(u.total! - last.total!).toBeCloseTo(5, 9)
    expect(u.adjustments.map((a) => [a.reason, a.author])).toEqual([['专项工作加分', 'evaluator']])
  })

  it('a frozen period keeps its ranking when data is reloaded, and refuses adjustments', async () => {
    const ev = app.caller('evaluator')
    await ev.ranking.freeze(scope)
    const frozen = await ev.ranking.get(scope)
    expect(frozen.status).toBe('frozen')
    // Reload: every 2024 application of the top department becomes a withdrawn one.
    const top = frozen.result.units[0]!.unit_code
    const rows = await app.deps.wh.rows<{ application_id: string; at: string }>(
      `SELECT application_id, toString(submitted_at) AS at FROM service_applications FINAL
       WHERE dept_code = {d:String} AND toYear(submitted_at) = 2024 LIMIT 2000`,
      { d: top },
    )
    const file = path.join(os.tmpdir(), `reload-${process.pid}.csv`)
    fs.writeFileSync(
      file,
      `application_id,item_code,dept_code,region_code,channel,fully_online,submitted_at,status\n${rows
        .map((r) => `${r.application_id},I1,${top},440306001,window,false,${r.at},withdrawn`)
        .join('\n')}\n`,
    )
    expect((await loadFile(app.deps.wh, { dataset: 'service_applications', file })).status).toBe('succeeded')
    fs.rmSync(file)
    await app.deps.afterLoad()
    const again = await ev.ranking.get(scope)
    expect(again.result).toEqual(frozen.result)
    await expect(
      ev.ranking.adjust({ ...scope, unitCode: top, points: 1, reason: '迟到' }),
    ).rejects.toMatchObject({ code: 'CONFLICT' })
    await ev.ranking.publish(scope)
    expect((await ev.ranking.get(scope)).status).toBe('published')
  })

  it('exports the ranking and a report card as XLSX and PDF with Chinese names', async () => {
    const ev = app.caller('evaluator')
    const r = await ev.ranking.get(scope)
    const name = r.result.units[0]!.unit_name!
    const x = await ev.ranking.exportRanking({ ...scope, format: 'xlsx' })
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(Buffer.from(x.base64, 'base64') as unknown as ArrayBuffer)
    const ws = wb.worksheets[0]!
    expect(JSON.stringify(ws.getSheetValues())).toContain('名次')
    expect(JSON.stringify(ws.getSheetValues())).toContain(name)
    const pdf = await ev.ranking.exportRanking({ ...scope, format: 'pdf' })
    expect(Buffer.from(pdf.base64, 'base64').subarray(0, 4).toString()).toBe('%PDF')
    expect(pdfText(pdf.base64)).toContain(name)
    const card = await ev.ranking.exportUnit({
      ...scope,
      unitCode: r.result.units[0]!.unit_code,
      format: 'pdf',
    })
    expect(pdfText(card.base64)).toContain(name)
    await expect(
      ev.ranking.exportUnit({ ...scope, unitCode: 'NO_SUCH_UNIT', format: 'xlsx' }),
    ).rejects.toMatchObject({
      code: 'NOT_FOUND',
    })
    const brief = await app.caller('leader').ranking.briefing({ year: 2024 })
    expect(pdfText(brief.base64)).toMatch(/电子证照用证率|网办率/)
  })

  it('department-level targets uploaded as XLSX override the plan targets; a bad file stores nothing', async () => {
    const ev = app.caller('evaluator')
    const s2023 = { unitType: 'department' as const, period: { type: 'year' as const, year: 2023 } }
    const before = await ev.ranking.get(s2023)
    const unit = before.result.units.find((u) =>
      u.indicators.some((i) => i.indicator_id === 'online_application_rate' && i.value !== null),
    )!
    const xlsx = async (rows: Array<Array<string | number>>) => {
      const wb = new ExcelJS.Workbook()
      const ws = wb.addWorksheet('目标')
      ws.addRow(['单位类型', '单位编码', '指标编码', '年度', '目标值'])
      for (const r of rows) ws.addRow(r)
      return Buffer.from(await wb.xlsx.writeBuffer()).toString('base64')
    }
    const bad = await ev.ranking.uploadTargets({
      base64: await xlsx([['部门', unit.unit_code, 'no_such_indicator', 2023, 0.5]]),
    })
    expect(bad.ok).toBe(false)
    expect(bad.errors[0]!.row).toBe(2)
    const good = await ev.ranking.uploadTargets({
      base64: await xlsx([['部门', unit.unit_code, 'online_application_rate', 2023, 0.123]]),
    })
    expect(good).toMatchObject({ ok: true, stored: 1 })
    const after = await ev.ranking.get(s2023)
    const part = after.result.units
      .find((u) => u.unit_code === unit.unit_code)!
      .indicators.find((i) => i.indicator_id === 'online_application_rate')!
    expect(part.target).toBe(0.123)
    const other = after.result.units
      .find((u) => u.unit_code !== unit.unit_code)!
      .indicators.find((i) => i.indicator_id === 'online_application_rate')
    expect(other?.target).not.toBe(0.123)
  })
})
