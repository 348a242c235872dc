import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import iconv from 'iconv-lite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openTempWarehouse } from '../../warehouse/testing'
import { DATASETS, getDataset } from '../contract/datasets'
import { type Cell, wallClock, writeCsv, writeJsonl, writeXlsx } from '../testing/files'
import { FIXTURES } from '../testing/fixtures'
import { loadFile } from './load'
import { listQuarantine } from './runs'

const FORMATS = ['csv-utf8', 'csv-bom', 'csv-gbk', 'xlsx', 'jsonl'] as const
const DATE_LIKE = /^\d{4}-\d{2}-\d{2}( \d{2}:\d{2}:\d{2})?$/

describe('every contract dataset loads from every format', () => {
  let t: Awaited<ReturnType<typeof openTempWarehouse>>
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'etl-formats-'))
  beforeAll(async () => {
    t = await openTempWarehouse()
  })
  afterAll(async () => {
    await t.dispose()
    fs.rmSync(dir, { recursive: true, force: true })
  })

  it('covers every dataset of the contract', () => {
    expect(FIXTURES.map((f) => f.dataset).sort()).toEqual(DATASETS.map((d) => d.name).sort())
  })

  for (const fx of FIXTURES) {
    for (const format of FORMATS) {
      it(`${fx.dataset} from ${format}`, async () => {
        const rows: Cell[][] = [...fx.good, ...fx.bad.map((b) => b.row)]
        const base = path.join(dir, `${fx.dataset}-${format}`)
        let file: string
        let extraRejected = 0
        if (format === 'xlsx') {
          file = `${base}.xlsx`
          const cells = rows.map((r) => r.map(asDateCell))
          await writeXlsx(file, fx.headers, cells)
        } else if (format === 'jsonl') {
          file = `${base}.jsonl`
          writeJsonl(file, fx.headers, rows, ['{"broken": '])
          extraRejected = 1
        } else {
          file = `${base}.csv`
          const enc = format === 'csv-gbk' ? 'gb18030' : format === 'csv-bom' ? 'utf-8-bom' : 'utf-8'
          writeCsv(file, fx.headers, rows, enc, format === 'csv-bom' ? '\r\n' : '\n')
        }
        const r = await loadFile(t.wh, { dataset: fx.dataset, file })
        expect(r.error).toBeUndefined()
        expect(r.accepted).toBe(fx.good.length)
        expect(r.rejected).toBe(fx.bad.length + extraRejected)

        const spec = getDataset(fx.dataset)!
        const keys = await t.wh.rows<Record<string, unknown>>(
          `SELECT ${spec.key.map((k) => `toString(${k}) AS ${k}`).join(', ')} FROM ${spec.name} FINAL ORDER BY ${spec.key.join(', ')}`,
        )
        const goodKeys = new Set(fx.good.map((g) => spec.key.map((k) => keyCell(fx, g, k)).join('|')))
        expect(new Set(keys.map((k) => spec.key.map((c) => k[c]).join('|')))).toEqual(goodKeys)

        const q = await listQuarantine(t.wh, { runId: r.runId })
        expect(q).toHaveLength(fx.bad.length + extraRejected)
        for (const b of fx.bad) {
          const id = String(b.row[0])
          const hit = q.find((x) => rawField(x.raw_row, fx.headers[0]!) === id)
          expect(hit, `${id} quarantined`).toBeDefined()
          expect(hit!.reason).toMatch(b.reason)
          expect(hit!.row_number).toBeGreaterThanOrEqual(2)
        }
        if (format === 'jsonl') expect(q.some((x) => /不是有效的JSON/.test(x.reason))).toBe(true)
      })
    }
  }

  it('stores parsed values, not text: channels, bools, times in Asia/Shanghai', async () => {
    const rows = await t.wh.rows<Record<string, unknown>>(
      `SELECT application_id, toString(channel) AS channel, fully_online, toString(submitted_at) AS submitted_at,
              toYear(service_applications.submitted_at) AS y, toString(status) AS status, visits
       FROM service_applications FINAL ORDER BY application_id`,
    )
    expect(rows).toEqual([
      {
        application_id: 'A1',
        channel: 'web',
        fully_online: true,
        submitted_at: '2023-05-06 14:03:00',
        y: 2023,
        status: 'completed',
        visits: 0,
      },
      {
        application_id: 'A2',
        channel: 'window',
        fully_online: false,
        submitted_at: '2023-12-31 23:30:00',
        y: 2023,
        status: 'accepted',
        visits: 2,
      },
    ])
    const hot = await t.wh.rows<{ satisfaction: string }>(
      "SELECT toString(satisfaction) AS satisfaction FROM hotline_tickets FINAL WHERE ticket_id = 'T2'",
    )
    expect(hot).toEqual([{ satisfaction: 'none' }])
  })

  it('JSON Lines of plain objects: the engine reads them, and again with every key when a late key stops it', async () => {
    const fx = FIXTURES.find((f) => f.dataset === 'service_applications')!
    const rows: Cell[][] = [...fx.good, ...fx.bad.map((b) => b.row)]
    const plain = path.join(dir, 'plain.jsonl')
    writeJsonl(plain, fx.headers, rows)
    // A key first seen after the lines the keys are taken from, on the last line.
    const late = path.join(dir, 'late-key.jsonl')
    const lastLine = JSON.stringify({
      ...Object.fromEntries(fx.headers.map((h, i) => [h, fx.good[0]![i]])),
      备注: 'x',
    })
    writeJsonl(late, fx.headers, rows.slice(1), [...Array<string>(10_000).fill('{}'), lastLine])
    const steps: string[] = []
    for (const file of [plain, late]) {
      const r = await loadFile(t.wh, { dataset: fx.dataset, file, onProgress: (m) => steps.push(m) })
      expect(r.error).toBeUndefined()
      expect(r).toMatchObject({ accepted: fx.good.length, rejected: fx.bad.length })
      const q = await listQuarantine(t.wh, { runId: r.runId })
      const lines = fs.readFileSync(file, 'utf8').split('\n')
      for (const x of q)
        expect(lines[x.row_number - 1]).toContain(String(rawField(x.raw_row, fx.headers[0]!)))
      expect(r.ignoredColumns).toEqual(file === late ? ['备注'] : [])
    }
    const again = steps
      .filter((m) => m.includes('read again'))
      .map((m) => m.replace(/ \([\d.]+ s\)$/, '').trim())
    expect(again).toEqual(['JSON Lines read again (all-keys)'])
  })

  it('decodes GBK headers and values', async () => {
    const file = path.join(dir, 'gbk-check.csv')
    fs.writeFileSync(file, iconv.encode('部门编码,部门名称,所属区划代码\nD09,区卫生健康局,440306\n', 'gbk'))
    const r = await loadFile(t.wh, { dataset: 'departments', file })
    expect(r).toMatchObject({ status: 'succeeded', accepted: 1, rejected: 0 })
    const [d] = await t.wh.rows<{ dept_name: string }>(
      "SELECT dept_name FROM departments FINAL WHERE dept_code = 'D09'",
    )
    expect(d!.dept_name).toBe('区卫生健康局')
  })
})

function keyCell(fx: (typeof FIXTURES)[number], row: Cell[], column: string): string {
  const spec = getDataset(fx.dataset)!
  const c = spec.columns.find((x) => x.name === column)!
  const idx = fx.headers.findIndex((h) => h === column || c.aliases.includes(h))
  return String(row[idx])
}

/** Valid date/time text becomes a real XLSX date cell; invalid text (2023-02-30) stays text. */
function asDateCell(v: Cell): Cell {
  if (typeof v !== 'string' || !DATE_LIKE.test(v)) return v
  const d = wallClock(v)
  if (Number.isNaN(d.getTime())) return v
  return d.toISOString().slice(0, v.length).replace('T', ' ') === v ? d : v
}

function rawField(raw: string, header: string): unknown {
  try {
    return JSON.parse(raw)[header]
  } catch {
    return undefined // a line that was not JSON at all
  }
}
