import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { openTempWarehouse } from '../../warehouse/testing'
import { writeCsv } from '../testing/files'
import { ticketHeaders } from '../testing/fixtures'
import { loadFile } from './load'
import { listRuns } from './runs'

const H = ticketHeaders('en')

describe('re-loads and overlapping exports', () => {
  let t: Awaited<ReturnType<typeof openTempWarehouse>>
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'etl-idem-'))
  const older = path.join(dir, 'export-jan.csv')
  const newer = path.join(dir, 'export-feb.csv')
  beforeAll(async () => {
    t = await openTempWarehouse()
    writeCsv(older, H, [
      ['T1', '2024-01-02 09:00:00', 'phone', 'complaint', 'D01', 'none', '2024-01-10 00:00:00'],
      ['T2', '2024-01-03 09:00:00', 'phone', 'consult', 'D01', 'none', '2024-01-10 00:00:00'],
      ['T3', '2024-01-04 09:00:00', 'web', 'help', 'D02', 'none', '2024-01-10 00:00:00'],
    ])
    // The February export overlaps: T2 answered, T3 re-assigned to another department, T4 new.
    writeCsv(newer, H, [
      ['T2', '2024-01-03 09:00:00', 'phone', 'consult', 'D01', 'satisfied', '2024-02-01 00:00:00'],
      ['T3', '2024-01-04 09:00:00', 'web', 'help', 'D05', 'dissatisfied', '2024-02-01 00:00:00'],
      ['T4', '2024-02-04 09:00:00', 'app', 'help', 'D02', 'none', '2024-02-01 00:00:00'],
    ])
  })
  beforeEach(async () => {
    await t.wh.command('TRUNCATE TABLE hotline_tickets')
  })
  afterAll(async () => {
    await t.dispose()
    fs.rmSync(dir, { recursive: true, force: true })
  })

  const state = () =>
    t.wh.rows<{ ticket_id: string; dept_code: string; satisfaction: string }>(
      'SELECT ticket_id, dept_code, toString(satisfaction) AS satisfaction FROM hotline_tickets FINAL ORDER BY ticket_id',
    )
  const expected = [
    { ticket_id: 'T1', dept_code: 'D01', satisfaction: 'none' },
    { ticket_id: 'T2', dept_code: 'D01', satisfaction: 'satisfied' },
    { ticket_id: 'T3', dept_code: 'D05', satisfaction: 'dissatisfied' },
    { ticket_id: 'T4', dept_code: 'D02', satisfaction: 'none' },
  ]

  it('loading the same file twice leaves the same rows', async () => {
    await loadFile(t.wh, { dataset: 'hotline_tickets', file: older })
    const once = await state()
    const again = await loadFile(t.wh, { dataset: 'hotline_tickets', file: older })
    expect(again.accepted).toBe(3)
    expect(await state()).toEqual(once)
    expect(once).toHaveLength(3)
  })

  it('older then newer export: the newer version of each key wins, including a moved department', async () => {
    await loadFile(t.wh, { dataset: 'hotline_tickets', file: older })
    await loadFile(t.wh, { dataset: 'hotline_tickets', file: newer })
    expect(await state()).toEqual(expected)
  })

  it('newer then older export: the same final state', async () => {
    await loadFile(t.wh, { dataset: 'hotline_tickets', file: newer })
    await loadFile(t.wh, { dataset: 'hotline_tickets', file: older })
    expect(await state()).toEqual(expected)
    // No double count by department either (the moved key is not left behind in D02).
    const byDept = await t.wh.rows<{ dept_code: string; n: string }>(
      'SELECT dept_code, count() AS n FROM hotline_tickets FINAL GROUP BY dept_code ORDER BY dept_code',
    )
    expect(byDept.map((r) => [r.dept_code, Number(r.n)])).toEqual([
      ['D01', 2],
      ['D02', 1],
      ['D05', 1],
    ])
  })

  it('a duplicate key within one file keeps its newest row', async () => {
    const dup = path.join(dir, 'dup.csv')
    writeCsv(dup, H, [
      ['T9', '2024-01-02 09:00:00', 'phone', 'complaint', 'D01', 'none', '2024-01-10 00:00:00'],
      ['T9', '2024-01-02 09:00:00', 'phone', 'complaint', 'D02', 'satisfied', '2024-01-11 00:00:00'],
    ])
    await loadFile(t.wh, { dataset: 'hotline_tickets', file: dup })
    expect(await state()).toEqual([{ ticket_id: 'T9', dept_code: 'D02', satisfaction: 'satisfied' }])
  })

  it('a file that cannot be loaded at all loads nothing and says why', async () => {
    await loadFile(t.wh, { dataset: 'hotline_tickets', file: older })
    const before = await state()
    const cases: Array<[string, string, RegExp]> = [
      [
        'missing-col.csv',
        'ticket_id,received_at\nT7,2024-01-01 00:00:00\n',
        /缺少必填列: .*来源渠道 \(channel\)/,
      ],
      ['empty.csv', '', /文件为空/],
      ['broken.xlsx', 'this is not a zip file', /不是有效的XLSX文件/],
      ['notes.pdf', 'x', /不支持的文件类型/],
    ]
    for (const [name, content, message] of cases) {
      const f = path.join(dir, name)
      fs.writeFileSync(f, content)
      const r = await loadFile(t.wh, { dataset: 'hotline_tickets', file: f })
      expect(r.status, name).toBe('failed')
      expect(r.error, name).toMatch(message)
    }
    const unknown = await loadFile(t.wh, { dataset: 'tickets', file: older })
    expect(unknown.error).toMatch(/未知的数据集 'tickets'/)
    expect(await state()).toEqual(before)
    const tables = await t.wh.rows<{ name: string }>(
      "SELECT name FROM system.tables WHERE startsWith(name, '_')",
    )
    expect(tables).toEqual([])
  })

  it('records every run with its counts', async () => {
    const r = await loadFile(t.wh, { dataset: 'hotline_tickets', file: newer })
    const runs = await listRuns(t.wh, { dataset: 'hotline_tickets', limit: 100 })
    const mine = runs.find((x) => x.run_id === r.runId)
    expect(mine).toMatchObject({ status: 'succeeded', accepted: 3, rejected: 0, source: 'cli' })
    expect(runs.some((x) => x.status === 'failed' && /缺少必填列/.test(x.error ?? ''))).toBe(true)
  })
})
