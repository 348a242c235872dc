import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { lyingXlsxBomb, xlsxBomb, xlsxWithWholeSheetRanges } from '../../../files/testing/xlsx-bombs'
import { type Figure, recordFigures } from '../../../test/reliability/figures'
import { type FileResponse, type Jar, serveApp } from '../http.testing'
import { openTestApp } from '../testing'

/**
 * Issue 11, uploads: the target-override XLSX that used to take 45 s, +2.5 GB and answer
 * 419 MB (three at once: heap out of memory), and the other hostile workbooks, sent to
 * the upload route `POST /files/ranking.uploadTargets` (the file as the body) through the
 * real HTTP handler as an evaluator.
 */
const MB = 1024 * 1024
const rows: Array<{ case: string } & Record<string, Figure>> = []
type Upload = { ok: boolean; stored: number; errors: Array<{ row: number | null; message: string }> }

const HEADER = ['单位类型', '单位编码', '指标编码', '年度', '目标值']
async function workbook(lines: unknown[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook()
  const ws = wb.addWorksheet('目标')
  for (const l of [HEADER, ...lines]) ws.addRow(l)
  return Buffer.from(await wb.xlsx.writeBuffer())
}

/** Peak RSS growth (MB) while `work` runs, sampled every 5 ms. */
async function measured<T>(work: () => Promise<T>): Promise<{ value: T; ms: number; rssMB: number }> {
  const before = process.memoryUsage.rss()
  let peak = before
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss())
  }, 5)
  const t0 = performance.now()
  try {
    const value = await work()
    peak = Math.max(peak, process.memoryUsage.rss())
    return { value, ms: performance.now() - t0, rssMB: (peak - before) / MB }
  } finally {
    clearInterval(timer)
  }
}

describe('hostile clients: XLSX uploads', () => {
  let app: Awaited<ReturnType<typeof openTestApp>>
  let web: Awaited<ReturnType<typeof serveApp>>
  let jar: Jar
  let bomb: Buffer
  const upload = (file: Buffer) => web.upload<Upload>('ranking.uploadTargets', file, jar)
  const alive = async () => {
    expect((await fetch(`${web.base}/healthz`)).status).toBe(200)
    expect((await web.me(jar))?.username).toBe('evaluator')
  }
  /** Sends `file`, expects a refusal matching `message`, and records what it cost. */
  async function refused(name: string, file: Buffer, message: RegExp) {
    const m = await measured(() => upload(file))
    const res = m.value
    rows.push({
      case: name,
      file_KB: Math.round(file.length / 1024),
      ms: Math.round(m.ms),
      rss_peak_delta_MB: Math.round(m.rssMB),
      response_bytes: res.text.length,
      refused: res.data?.ok === false,
    })
    expect(res.status, res.text.slice(0, 300)).toBe(200)
    expect(res.data.ok).toBe(false)
    expect(res.data.errors[0]!.message).toMatch(message)
    expect(res.text.length).toBeLessThan(10_000)
    return m
  }

  beforeAll(async () => {
    app = await openTestApp(0.01)
    web = await serveApp(app.deps, { csrfSecret: Buffer.alloc(32, 7) })
    jar = await web.session('evaluator')
    bomb = await xlsxBomb(400)
  }, 240_000)
  afterAll(async () => {
    recordFigures('hostile-uploads', {
      suite: 'hostile clients: XLSX uploads (POST /files/ranking.uploadTargets)',
      rows,
      notes: [
        'Before issue 11 the 414 KB → 400 MB bomb took 45 s, +2.5 GB RSS and a 419 MB error answer; three at once: heap out of memory.',
        'Limits for target overrides: file ≤ 2 MiB, ≤ 10 MiB inflated, ≤ 200 entries, ≤ 5,000 rows; errors quote ≤ 100 characters, ≤ 50 listed.',
      ],
    })
    web?.close()
    await app?.dispose()
  })

  it('refuses the 400 KB → 400 MB bomb within a second, with bounded memory and a small answer', async () => {
    const m = await refused('ZIP bomb, 400 MiB inflated', bomb, /疑似压缩炸弹/)
    expect(m.ms).toBeLessThan(1000)
    expect(m.rssMB).toBeLessThan(200)
    await alive()
  })

  it('refuses the bomb whose directory lies about its size', async () => {
    const m = await refused('ZIP bomb, lying directory', await lyingXlsxBomb(400), /与目录不符/)
    expect(m.ms).toBeLessThan(1000)
    expect(m.rssMB).toBeLessThan(200)
    await alive()
  })

  it('three bombs at once: all refused, and the server still answers', async () => {
    const m = await measured(() => Promise.all([upload(bomb), upload(bomb), upload(bomb)]))
    rows.push({
      case: '3 ZIP bombs at once',
      file_KB: Math.round(bomb.length / 1024),
      ms: Math.round(m.ms),
      rss_peak_delta_MB: Math.round(m.rssMB),
      response_bytes: m.value.reduce((n, r) => n + r.text.length, 0),
      refused: m.value.every((r) => r.data?.ok === false),
    })
    for (const r of m.value as FileResponse<Upload>[]) {
      expect(r.data.ok).toBe(false)
      expect(r.data.errors[0]!.message).toMatch(/疑似压缩炸弹/)
    }
    expect(m.ms).toBeLessThan(2000)
    expect(m.rssMB).toBeLessThan(200)
    await alive()
  })

  it('reads a 2 KB workbook that freezes a whole-workbook reader (whole-sheet merges, validations, names)', async () => {
    const cell = (ref: string, v: string | number) =>
      typeof v === 'number'
        ? `<c r="${ref}"><v>${v}</v></c>`
        : `<c r="${ref}" t="inlineStr"><is><t>${v}</t></is></c>`
    const line = (r: number, vs: Array<string | number>) =>
      `<row r="${r}">${vs.map((v, i) => cell(`${'ABCDE'[i]}${r}`, v)).join('')}</row>`
    const file = await xlsxWithWholeSheetRanges(
      line(1, HEADER) + line(2, ['部门', '11440306001', 'online_application_rate', 2021, 0.5]),
    )
    const healthz = measured(async () => (await fetch(`${web.base}/healthz`)).status)
    const m = await measured(() => upload(file))
    rows.push({
      case: 'whole-sheet ranges, 2 KB (exceljs load never returns): read',
      file_KB: Math.round(file.length / 1024),
      ms: Math.round(m.ms),
      rss_peak_delta_MB: Math.round(m.rssMB),
      response_bytes: m.value.text.length,
      refused: m.value.data?.ok === false,
    })
    expect(m.value.data).toMatchObject({ ok: true, stored: 1 })
    expect(m.ms).toBeLessThan(1000)
    expect((await healthz).value).toBe(200)
  })

  it('quotes at most 100 characters of a huge cell and lists at most 50 errors', async () => {
    const lines = Array.from({ length: 120 }, (_, i) => [
      i === 0 ? '科'.repeat(300_000) : '科室',
      `U${i}`,
      'online_application_rate',
      2023,
      0.5,
    ])
    await refused('120 bad rows, one 300,000-character cell', await workbook(lines), /^单位类型应为/)
    const res = await upload(await workbook(lines))
    expect(res.data.errors).toHaveLength(51)
    expect(res.data.errors[0]!.message).toContain(`'${'科'.repeat(100)}…'`)
    expect(res.data.errors[50]!.message).toMatch(/^还有 70 条错误未列出/)
  })

  it('refuses a file over 2 MiB at once', async () => {
    const padded = Buffer.concat([await workbook([]), Buffer.alloc(3 * MB)])
    const m = await refused('3 MiB file', padded, /文件过大/)
    expect(m.ms).toBeLessThan(1000)
  })

  it('answers what is not an upload with a JSON 4xx, and no file procedure is left on /trpc', async () => {
    const file = await workbook([])
    const form = await web.upload('ranking.uploadTargets', file, jar, {
      headers: { 'content-type': 'multipart/form-data; boundary=x' },
    })
    expect(form.status).toBe(415)
    expect(form.error?.message).toMatch(/^请直接以文件内容作为请求体上传 \(/)
    const get = await web.download('ranking.uploadTargets', undefined, jar)
    expect(get.status).toBe(405)
    expect(get.headers.get('allow')).toBe('POST')
    const post = await web.upload('ranking.exportRanking', file, jar)
    expect(post.status).toBe(405)
    expect(post.headers.get('allow')).toBe('GET')
    const unknown = await web.download('ranking.get', undefined, jar)
    expect(unknown.status).toBe(404)
    expect(unknown.error?.message).toMatch(/^没有这个文件 \(/)
    const noInput = await web.download('ranking.exportRanking', undefined, jar)
    expect(noInput.status).toBe(400)
    const badJson = await fetch(`${web.base}/files/ranking.briefing?input=%7B`, {
      headers: { cookie: `ps_csrf=${jar.ps_csrf}; ps_session=${jar.ps_session}` },
    })
    expect(badJson.status).toBe(400)
    expect(((await badJson.json()) as { error: { message: string } }).error.message).toMatch(
      /^参数 input 不是有效的 JSON/,
    )
    for (const path of [
      'ranking.uploadTargets',
      'ranking.exportRanking',
      'explore.export',
      'ranking.briefing',
    ]) {
      const res = await web.mutate(path, { file: file.toString('base64') }, jar)
      expect(res.status, path).toBe(404)
    }
    await alive()
  })

  it('still stores a valid override file', async () => {
    const ev = app.caller('evaluator')
    const scope = { unitType: 'department' as const, period: { type: 'year' as const, year: 2023 } }
    const unit = (await ev.ranking.get(scope)).result.units.find((u) =>
      u.indicators.some((i) => i.indicator_id === 'online_application_rate' && i.value !== null),
    )!
    const file = await workbook([['部门', unit.unit_code, 'online_application_rate', 2023, 0.321]])
    const m = await measured(() => upload(file))
    rows.push({
      case: 'valid override file',
      file_KB: Math.round(file.length / 1024),
      ms: Math.round(m.ms),
      rss_peak_delta_MB: Math.round(m.rssMB),
      response_bytes: m.value.text.length,
      refused: m.value.data?.ok === false,
    })
    expect(m.value.data).toMatchObject({ ok: true, stored: 1, errors: [] })
    const part = (await ev.ranking.get(scope)).result.units
      .find((u) => u.unit_code === unit.unit_code)!
      .indicators.find((i) => i.indicator_id === 'online_application_rate')!
    expect(part.target).toBe(0.321)
  })
})
