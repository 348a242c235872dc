import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadFile } from '../../../etl/load/load'
import { type Jar, serveApp } from '../http.testing'
import { publishDemoResults } from '../scoring/publication.service'
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

  it('shows a published ranking to leaders and a department its own card only; withdrawing needs a reason and a second person', async () => {
    const ev = app.caller('evaluator')
    expect((await ev.ranking.get(scope)).status).toBe('published') // published by the test above
    // Leaders: the published ranking through 考核结果, never the evaluators' working view.
    const leader = app.caller('leader')
    expect((await leader.results.list()).map((r) => [r.period_key, r.unit_type])).toContainEqual([
      '2024',
      'department',
    ])
    const published = await leader.results.get(scope)
    expect(published.status).toBe('published')
    expect(published.publication).toMatchObject({ published_by: 'evaluator', withdrawn_at: null })
    await expect(leader.ranking.get(scope)).rejects.toMatchObject({ code: 'FORBIDDEN' })
    // A department: its own card and rank, nobody else's, nothing unpublished.
    const dept = app.caller('dept_a')
    const own = await dept.results.unit(scope)
    expect(own.unit.unit_code).toBe('11440306001')
    expect(own.unit.total).toBe(published.result.units.find((u) => u.unit_code === '11440306001')!.total)
    expect(own.ranked).toBe(published.result.units.filter((u) => u.rank !== null).length)
    const other = published.result.units.find((u) => u.unit_code !== '11440306001')!.unit_code
    await expect(dept.results.unit({ ...scope, unitCode: other })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    })
    await expect(dept.results.get(scope)).rejects.toMatchObject({ code: 'FORBIDDEN' })
    await expect(dept.results.unit({ ...scope, period: { type: 'year', year: 2023 } })).rejects.toMatchObject(
      {
        code: 'NOT_FOUND',
      },
    )
    const deptJar = await web.session('dept_a')
    const refused = await web.download(
      'results.exportUnit',
      { ...scope, unitCode: other, format: 'pdf' },
      deptJar,
    )
    expect(refused.status).toBe(403)
    const card = await web.download('results.exportUnit', { ...scope, format: 'xlsx' }, deptJar)
    expect(card.status, card.text.slice(0, 300)).toBe(200)
    // The card's 满分/得分 are the screen's full_points/contribution, to the cent.
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(card.body as unknown as ArrayBuffer)
    const ws = wb.getWorksheet('成绩单')!
    const header = (ws.getRow(3).values as unknown[]).map(String)
    const fullCol = header.indexOf('满分（百分制）')
    const scoreCol = header.indexOf('得分（百分制）')
    expect(fullCol).toBeGreaterThan(0)
    for (const ind of own.unit.indicators.filter((i) => i.applied)) {
      let row: ExcelJS.Row | undefined
      ws.eachRow((r) => {
        if (r.getCell(1).value === ind.indicator_id) row = r
      })
      expect(Number(row!.getCell(fullCol).value)).toBeCloseTo(ind.full_points, 9)
      expect(Number(row!.getCell(scoreCol).value)).toBeCloseTo(ind.contribution, 9)
    }

    // Governance: no one-click unfreeze; a request with a reason, approved by someone else.
    await expect(ev.ranking.unfreeze(scope)).rejects.toMatchObject({ code: 'CONFLICT' })
    await expect(ev.ranking.requestWithdraw({ ...scope, reason: '  ' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    })
    await ev.ranking.requestWithdraw({ ...scope, reason: '发现一个部门数据报送错误，需重新核算' })
    await expect(ev.ranking.requestWithdraw({ ...scope, reason: '再次申请' })).rejects.toMatchObject({
      code: 'CONFLICT',
    })
    expect((await ev.ranking.get(scope)).publication).toMatchObject({
      withdraw_requested_by: 'evaluator',
      withdraw_reason: '发现一个部门数据报送错误，需重新核算',
    })
    await expect(ev.ranking.approveWithdraw(scope)).rejects.toMatchObject({ code: 'FORBIDDEN' })
    expect((await ev.ranking.get(scope)).status).toBe('published')
    await app.caller('admin').ranking.approveWithdraw(scope)
    expect((await ev.ranking.get(scope)).status).toBe('live')
    await expect(leader.results.get(scope)).rejects.toMatchObject({ code: 'NOT_FOUND' })
    await expect(dept.results.unit(scope)).rejects.toMatchObject({ code: 'NOT_FOUND' })
    // The history keeps the publication and its withdrawal, with who and why.
    const [entry, ...rest] = await ev.ranking.history(scope)
    expect(rest).toEqual([])
    expect(entry).toMatchObject({
      period_label: '2024年度',
      published_by: 'evaluator',
      withdraw_requested_by: 'evaluator',
      withdraw_reason: '发现一个部门数据报送错误，需重新核算',
      withdrawn_by: 'admin',
      people: { evaluator: 'evaluator', admin: 'admin' },
    })
    expect(entry!.withdrawn_at).not.toBeNull()
    const actions = await app.deps.meta
      .selectFrom('audit_log')
      .select(['actor', 'action'])
      .where('target', '=', 'department:2024')
      .orderBy('id')
      .execute()
    expect(actions.slice(-3)).toEqual([
      { actor: 'evaluator', action: 'ranking_published' },
      { actor: 'evaluator', action: 'ranking_withdraw_requested' },
      { actor: 'admin', action: 'ranking_withdrawn' },
    ])
    // Published again later: a second entry; the first stays.
    await ev.ranking.freeze(scope)
    await ev.ranking.publish(scope)
    expect(
      (await leader.results.history({ unitType: 'department' })).filter((h) => h.period_key === '2024'),
    ).toHaveLength(2)
  })

  it('the demo start-up publishes the latest closed year once, as the system', async () => {
    await publishDemoResults(app.deps)
    await publishDemoResults(app.deps)
    const list = await app.caller('leader').results.list()
    const demo = list.filter((r) => r.published_by === 'system:demo')
    expect(demo).toHaveLength(1)
    expect(demo[0]).toMatchObject({
      unit_type: 'department',
      period_key: String(new Date().getFullYear() - 1),
    })
    expect(await app.caller('evaluator').ranking.defaults()).toEqual({ year: new Date().getFullYear() - 1 })
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
