import { createHash } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import ExcelJS from 'exceljs'
import iconv from 'iconv-lite'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import type { Warehouse } from '../../warehouse/client'
import { openTempWarehouse } from '../../warehouse/testing'
import { DATASETS } from '../contract/datasets'
import { columnHeader, enumLabel, enumPairs } from '../contract/forms'
import { generateDemoData, MANIFEST_FILE, type Manifest, type ManifestFile } from './generate'

const SCALE = 0.01
let wh: Warehouse
let dispose: () => Promise<void>
let root: string
let manifest: Manifest
const dirA = () => path.join(root, 'a')

beforeAll(async () => {
  ;({ wh, dispose } = await openTempWarehouse('demo-data-test-'))
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'demo-files-'))
  manifest = await generateDemoData({ wh, outDir: dirA(), scale: SCALE })
})

afterAll(async () => {
  await dispose?.()
  if (root) fs.rmSync(root, { recursive: true, force: true })
})

const sha = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex')
const hashes = (dir: string) =>
  Object.fromEntries(fs.readdirSync(dir).map((f) => [f, sha(path.join(dir, f))] as const))

/** Our CSVs never quote commas, quotes or newlines inside values, so a split is exact. */
const csvCells = (line: string) => line.split(',').map((c) => c.replace(/^"(.*)"$/, '$1'))

function fileText(f: ManifestFile): string {
  const bytes = fs.readFileSync(path.join(dirA(), f.file))
  return f.encoding === 'gbk' ? iconv.decode(bytes, 'gbk') : bytes.toString('utf8').replace(/^\uFEFF/, '')
}

async function readTable(f: ManifestFile): Promise<{ header: string[]; rows: string[][] }> {
  if (f.format === 'xlsx') {
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.readFile(path.join(dirA(), f.file))
    const ws = wb.worksheets[0]!
    const values = (n: number) => (ws.getRow(n).values as unknown[]).slice(1).map((v) => String(v ?? ''))
    return { header: values(1), rows: Array.from({ length: ws.rowCount - 1 }, (_, i) => values(i + 2)) }
  }
  const lines = fileText(f)
    .split(/\r?\n/)
    .filter((l) => l !== '')
  if (f.format === 'jsonl') {
    const objects = lines.map((l) => JSON.parse(l) as Record<string, unknown>)
    const header = Object.keys(objects[0] ?? {})
    return { header, rows: objects.map((o) => header.map((k) => String(o[k] ?? ''))) }
  }
  return { header: csvCells(lines[0]!), rows: lines.slice(1).map(csvCells) }
}

describe('generateDemoData', () => {
  it('is deterministic: another run, and the streaming sink, write byte-identical files', async () => {
    // A different clock must not leak into the files (XLSX zip entries carry timestamps).
    vi.useFakeTimers({ toFake: ['Date'], now: new Date('2031-07-15T12:34:56Z') })
    try {
      await generateDemoData({ wh, outDir: path.join(root, 'b'), scale: SCALE })
    } finally {
      vi.useRealTimers()
    }
    await generateDemoData({ wh, outDir: path.join(root, 'c'), scale: SCALE, sink: 'stream' })
    const a = hashes(dirA())
    expect(Object.keys(a)).toHaveLength(11)
    expect(hashes(path.join(root, 'b'))).toEqual(a)
    expect(hashes(path.join(root, 'c'))).toEqual(a)
  })

  it('lists every dataset in load order with row counts that match the files', async () => {
    const onDisk = JSON.parse(fs.readFileSync(path.join(dirA(), MANIFEST_FILE), 'utf8')) as Manifest
    expect(onDisk).toEqual(manifest)
    expect(manifest.files.map((f) => f.dataset)).toEqual(DATASETS.map((d) => d.name))
    for (const f of manifest.files) expect((await readTable(f)).rows.length, f.dataset).toBe(f.rows)
    const apps = manifest.files.find((f) => f.dataset === 'service_applications')!
    expect(apps.rows).toBe(10_000)
    expect(apps.expectedRejected).toBeGreaterThanOrEqual(4)
  })

  it('names every contract column through its English name or a Chinese alias', async () => {
    for (const f of manifest.files) {
      const spec = DATASETS.find((d) => d.name === f.dataset)!
      const { header } = await readTable(f)
      const known = new Set(header.map((h) => h.trim()))
      const missing = spec.columns.filter((c) => ![c.name, ...c.aliases].some((a) => known.has(a)))
      expect(
        missing.map((c) => c.name),
        f.dataset,
      ).toEqual([])
    }
  })

  it('breaks exactly the announced application rows, one kind of fault at least once each', async () => {
    const f = manifest.files.find((x) => x.dataset === 'service_applications')!
    const { header, rows } = await readTable(f)
    const col = (name: string) => header.indexOf(columnHeader('service_applications', name, 'zh'))
    const [sub, done, channel, cert, eCert] = [
      'submitted_at',
      'completed_at',
      'channel',
      'certificate_required',
      'e_certificate_used',
    ].map(col)
    const channels = new Set(enumPairs('service_applications', 'channel').flat())
    const faults = rows.map((r) => {
      if (!/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01]) /.test(r[sub!]!)) return 'date'
      if (r[done!] && r[done!]! < r[sub!]!) return 'order'
      if (!channels.has(r[channel!]!)) return 'channel'
      if (r[eCert!] === 'true' && r[cert!] !== 'Y') return 'certificate'
      return null
    })
    const counts: Record<string, number> = {}
    for (const k of faults) if (k) counts[k] = (counts[k] ?? 0) + 1
    expect(Object.keys(counts).sort()).toEqual(['certificate', 'channel', 'date', 'order'])
    expect(Object.values(counts).reduce((s, n) => s + n, 0)).toBe(f.expectedRejected)
  })

  it('writes the catalogue in GBK that iconv-lite decodes, with the 2020 baseline of seed 004', () => {
    const f = manifest.files.find((x) => x.dataset === 'service_items')!
    const bytes = fs.readFileSync(path.join(dirA(), f.file))
    const text = iconv.decode(bytes, 'gbk')
    expect(text.startsWith('事项编码,事项名称,')).toBe(true)
    expect(iconv.encode(text, 'gbk').equals(bytes)).toBe(true)
    expect(bytes.toString('utf8')).not.toContain('事项编码')
    const baseline = text.split('\r\n').filter((l) => l.endsWith(',2020-12-31'))
    expect(baseline).toHaveLength(1680)
    expect(baseline.filter((l) => csvCells(l)[3] === '是')).toHaveLength(1500)
  })

  it('writes real XLSX date cells and leaves a few villages off the 政务外网', async () => {
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.readFile(path.join(dirA(), 'regions.xlsx'))
    const ws = wb.worksheets[0]!
    expect(ws.getRow(2).getCell(6).type).toBe(ExcelJS.ValueType.Date)
    const { rows } = await readTable(manifest.files[0]!)
    const villages = rows.filter((r) => r[2] === '村居')
    expect(villages.length).toBeGreaterThanOrEqual(140)
    expect(villages.filter((r) => r[4] === '否').length).toBeGreaterThan(0)
    expect(villages.filter((r) => r[4] === '否').length).toBeLessThan(5)
  })

  it('tells the story: online applications rise every year and 用证率 starts above 60%', async () => {
    const f = manifest.files.find((x) => x.dataset === 'service_applications')!
    const { header, rows } = await readTable(f)
    const [sub, channel, cert, eCert] = [
      'submitted_at',
      'channel',
      'certificate_required',
      'e_certificate_used',
    ].map((c) => header.indexOf(columnHeader('service_applications', c, 'zh')))
    const inHall = ['window', enumLabel('service_applications', 'channel', 'window')]
    const byYear = new Map<string, { n: number; online: number; cert: number; used: number }>()
    for (const r of rows) {
      const y = r[sub!]!.slice(0, 4)
      const s = byYear.get(y) ?? { n: 0, online: 0, cert: 0, used: 0 }
      s.n++
      if (!inHall.includes(r[channel!]!)) s.online++
      if (r[cert!] === 'Y') s.cert++
      if (r[cert!] === 'Y' && r[eCert!] === 'true') s.used++
      byYear.set(y, s)
    }
    const online = ['2021', '2022', '2023', '2024', '2025'].map(
      (y) => byYear.get(y)!.online / byYear.get(y)!.n,
    )
    for (let i = 1; i < online.length; i++) expect(online[i]).toBeGreaterThan(online[i - 1]!)
    const y2021 = byYear.get('2021')!
    expect(y2021.used / y2021.cert).toBeGreaterThan(0.6)
  })

  it('rectifies most bad reviews within days and some only weeks later, past the 15-working-day limit', async () => {
    const f = manifest.files.find((x) => x.dataset === 'evaluations')!
    const { header, rows } = await readTable(f)
    const [at, rectified, rectifiedAt] = ['evaluated_at', 'rectified', 'rectified_at'].map((c) =>
      header.indexOf(c),
    )
    const days = rows
      .filter((r) => r[rectified!] === 'true')
      .map((r) => (Date.parse(r[rectifiedAt!]!) - Date.parse(r[at!]!)) / 86_400_000)
    expect(days.length).toBeGreaterThan(30)
    // Within 10 calendar days: under 15 working days whatever the holidays.
    expect(days.filter((d) => d <= 10).length / days.length).toBeGreaterThan(0.75)
    // More than 30 calendar days: beyond 15 working days even across a Golden Week.
    expect(days.filter((d) => d > 30).length).toBeGreaterThan(0)
  })
})
