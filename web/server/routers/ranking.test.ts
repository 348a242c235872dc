import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadFile } from '../../../etl/load/load'
import { type Jar, serveApp } from '../http.testing'
import { openTestApp } from '../testing'

const pdfText = (pdf: Buffer) => {
  const f = path.join(os.tmpdir(), `ranking-${process.pid}-${Date.now()}.pdf`)
  fs.writeFileSync(f, pdf)
  try {
    return execFileSync('pdftotext', ['-layout', f, '-'], { encoding: 'utf8' })
  } finally {
    fs.rmSync(f, { force: true })
  }
}

describe('考核排名: scoring, adjustments, freezing, documents', () => {
  let app: Awaited<ReturnType<typeof openTestApp>>
  let web: Awaited<ReturnType<typeof serveApp>>
  const scope = { unitType: 'department' as const, period: { type: 'year' as const, year: 2024 } }
  beforeAll(async () => {
    app = await openTestApp(0.02)
    web = await serveApp(app.deps)
  }, 240_000)
  afterAll(async () => {
    web?.close()
    await app?.dispose()
  })
  /** The file name a download names in `Content-Disposition` (its UTF-8 form). */
  const nameOf = (headers: Headers) => {
    const cd = headers.get('content-disposition') ?? ''
    return decodeURIComponent(/filename\*=UTF-8''(.+)$/.exec(cd)?.[1] ?? '')
  }

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

  it('downloads the ranking, a report card and the briefing as XLSX and PDF with Chinese names', async () => {
    const r = await app.caller('evaluator').ranking.get(scope)
    const name = r.result.units[0]!.unit_name!
    const code = r.result.units[0]!.unit_code
    const jar = await web.session('evaluator')
    const x = await web.download('ranking.exportRanking', { ...scope, format: 'xlsx' }, jar)
    expect(x.status, x.text.slice(0, 300)).toBe(200)
    expect(x.headers.get('content-type')).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    )
    expect(x.headers.get('cache-control')).toBe('no-store')
    expect(x.headers.get('content-disposition')).toMatch(
      /^attachment; filename="ranking_2024_department\.xlsx"; filename\*=UTF-8''/,
    )
    expect(nameOf(x.headers)).toBe('考核排名_2024_department.xlsx')
    expect(Number(x.headers.get('content-length'))).toBe(x.body.length)
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(x.body as unknown as ArrayBuffer)
    const ws = wb.worksheets[0]!
    expect(JSON.stringify(ws.getSheetValues())).toContain('名次')
    expect(JSON.stringify(ws.getSheetValues())).toContain(name)
    const pdf = await web.download('ranking.exportRanking', { ...scope, format: 'pdf' }, jar)
    expect(pdf.headers.get('content-type')).toBe('application/pdf')
    expect(nameOf(pdf.headers)).toBe('考核排名_2024_department.pdf')
    expect(pdf.body.subarray(0, 4).toString()).toBe('%PDF')
    expect(pdfText(pdf.body)).toContain(name)
    const card = await web.download('ranking.exportUnit', { ...scope, unitCode: code, format: 'pdf' }, jar)
    expect(nameOf(card.headers)).toBe(`考核成绩单_2024_${code}.pdf`)
    expect(pdfText(card.body)).toContain(name)
    const missing = await web.download(
      'ranking.exportUnit',
      { ...scope, unitCode: 'NO_SUCH_UNIT', format: 'xlsx' },
      jar,
    )
    expect(missing.status).toBe(404)
    expect(missing.headers.get('content-type')).toMatch(/^application\/json/)
    expect(missing.error?.message).toMatch(/^该期排名中没有单位 NO_SUCH_UNIT \(/)
    const invalid = await web.download('ranking.exportRanking', { ...scope, format: 'docx' }, jar)
    expect(invalid.status).toBe(400)
    expect(invalid.error?.message).toMatch(/^输入无效 \(invalid input\)/)
    const brief = await web.download('ranking.briefing', { year: 2024 }, await web.session('leader'))
    expect(brief.status).toBe(200)
    expect(nameOf(brief.headers)).toBe('领导简报_2024.pdf')
    expect(pdfText(brief.body)).toMatch(/电子证照用证率|网办率/)
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
      return Buffer.from(await wb.xlsx.writeBuffer())
    }
    type Upload = { ok: boolean; stored: number; errors: Array<{ row: number | null }> }
    const jar: Jar = await web.session('evaluator')
    const upload = async (file: Buffer) => {
      const res = await web.upload<Upload>('ranking.uploadTargets', file, jar, { name: '部门目标.xlsx' })
      expect(res.status, res.text.slice(0, 300)).toBe(200)
      return res.data
    }
    const bad = await upload(await xlsx([['部门', unit.unit_code, 'no_such_indicator', 2023, 0.5]]))
    expect(bad.ok).toBe(false)
    expect(bad.errors[0]!.row).toBe(2)
    const good = await upload(await xlsx([['部门', unit.unit_code, 'online_application_rate', 2023, 0.123]]))
    expect(good).toMatchObject({ ok: true, stored: 1 })
    const logged = await app.deps.meta
      .selectFrom('audit_log')
      .select(['target', 'detail'])
      .where('action', '=', 'targets_uploaded')
      .where('actor', '=', 'evaluator')
      .execute()
    expect(logged).toContainEqual({ target: '部门目标.xlsx', detail: '1 rows' })
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
