import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FileRejectedError } from '../../files/rejected'
import { openTempWarehouse } from '../../warehouse/testing'
import { cellText } from './cell'
import { MAX_JSONL_LINE_BYTES } from './jsonl'
import { prepareFile } from './prepare'
import type { JsonlRead } from './prepared'

/**
 * The engine reads JSON Lines; these edges are checked against what JavaScript gives for the
 * same line (JSON.parse, then `cellText(v).trim()`), which is what the loader did before.
 */
describe('JSON Lines read by the engine', () => {
  let t: Awaited<ReturnType<typeof openTempWarehouse>>
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'etl-jsonl-'))
  beforeAll(async () => {
    t = await openTempWarehouse()
  })
  afterAll(async () => {
    await t.dispose()
    fs.rmSync(dir, { recursive: true, force: true })
  })

  /** Cells per line number as the load sees them (`__row` → header → text). */
  async function read(name: string, content: string | Buffer) {
    const file = path.join(dir, name)
    fs.writeFileSync(file, content)
    const input = await prepareFile(t.wh, file)
    try {
      const rows = await t.wh.rows<Record<string, string>>(
        `SELECT * FROM (${input.source!.sql}) ORDER BY __row`,
        input.source!.params,
      )
      const cells = new Map(
        rows.map((r) => [
          Number(r.__row),
          Object.fromEntries(input.headers.map((h, i) => [h, r[`c${i}`]!])) as Record<string, string>,
        ]),
      )
      const rejected = input.rejectedFile
        ? fs
            .readFileSync(input.rejectedFile, 'utf8')
            .trim()
            .split('\n')
            .map((l) => JSON.parse(l) as { row_number: number | string; raw_row: string; reason: string })
            .map((r) => ({ ...r, row_number: Number(r.row_number) }))
        : []
      return { headers: input.headers, cells, rejected, engineJson: input.source!.retry !== undefined }
    } finally {
      input.cleanup()
    }
  }

  /** What the JavaScript reader produced for one object line. */
  const js = (line: string) =>
    Object.fromEntries(Object.entries(JSON.parse(line)).map(([k, v]) => [k, cellText(v).trim()]))

  it('converts values as cellText(v).trim() did', async () => {
    const lines = [
      '{"s":"plain","n":1,"f":1.5,"b":true,"z":null}',
      '{"s":"  spaced\\t","n":1e21,"f":0.30000000000000004,"b":false,"z":-0}',
      '{"s":"\\u4e2d\\u6587","n":12345678901234567890,"f":1.0,"b":"true","z":1e-7}',
      '{"s":"\u3000全角空格\u3000","n":-5,"f":1E5,"b":100,"z":"x\\u3000"}',
      '{"s":{"x":[1,2,{"y":"中"}],"z":"a"},"n":[1,"a",null],"f":{"result":42},"b":{"text":" link "},"z":{"richText":[{"text":"a"},{"text":"b"}]}}',
      '{"s":"dup","s":"last wins","n":"1e21","f":"-0","b":"{\\"k\\":1}","z":{"error":"#N/A"}}',
    ]
    const { headers, cells, rejected } = await read('values.jsonl', `${lines.join('\n')}\n`)
    expect(rejected).toEqual([])
    expect(headers).toEqual(['s', 'n', 'f', 'b', 'z'])
    lines.forEach((line, i) => {
      expect(cells.get(i + 1), line).toEqual(js(line))
    })
  })

  it("reads plain objects with the engine's JSON reader, values as cellText(v).trim()", async () => {
    const lines = [
      '\uFEFF{"s":"plain","n":1,"f":1.5,"b":true,"z":null,"k`\\"q":"a\\\\b"}',
      '{"s":" spaced\\t","n":-5,"f":0.25,"b":false,"z":"x\\u3000"}',
      '{"s":"\u3000全角\u00a0","n":100,"f":"1.0","b":"true","z":"\\u00A0y"}',
      '{"s": "python style", "n": 7, "f": "a\\tb", "b": "\\"q\\"", "z": ""}',
      '{}',
      '{"z":"only z","n":0}',
    ]
    const { headers, cells, rejected, engineJson } = await read('plain.jsonl', `${lines.join('\r\n')}\r\n`)
    expect(engineJson).toBe(true)
    expect(rejected).toEqual([])
    expect(headers).toEqual(['s', 'n', 'f', 'b', 'z', 'k`"q'])
    expect([...cells.keys()]).toEqual([1, 2, 3, 4, 5, 6])
    lines.forEach((line, i) => {
      const want = Object.fromEntries(headers.map((h) => [h, js(line.replace(/^\uFEFF/, ''))[h] ?? '']))
      expect(cells.get(i + 1), line).toEqual(want)
    })
    // Values JavaScript prints differently from their text, or no object per line: line by line.
    for (const odd of [
      '{"_row_number":"9"}',
      '{"n":1.0}',
      '{"n":1e3}',
      '{"n":0.0000001}',
      '{"n":-0}',
      '{"o":{"a":1}}',
      '{"a":1}{"a":2}',
    ]) {
      const r = await read('odd.jsonl', `{"n":"1"}\n${odd}\n`)
      expect(r.engineJson, odd).toBe(false)
    }
    // Bytes that are not UTF-8, on the first line (checked in JavaScript) or a later one.
    const notUtf8 = Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0x22, 0x7d, 0x0a]) // {"a":"\xff"}
    for (const content of [
      Buffer.concat([notUtf8, Buffer.from('{"a":"1"}\n')]),
      Buffer.concat([Buffer.from('{"a":"1"}\n'), notUtf8]),
    ]) {
      const r = await read('not-utf8.jsonl', content)
      expect(r.engineJson).toBe(false)
      expect([...r.cells.values()].map((c) => c.a).sort()).toEqual(['1', '\uFFFD'])
    }
  })

  it("stops the engine's JSON reader on a key it was not given, or a key written twice", async () => {
    const late = `${'{"a":"1"}\n'.repeat(10_000)}{"a":"2","late":"x"}\n`
    const twice = '{"a":"1","a":"2"}\n'
    /** How each stage reads the file: the stage to retry with, and the last row's cells (or the stop). */
    async function stage(content: string, read?: JsonlRead) {
      const file = path.join(dir, 'stops.jsonl')
      fs.writeFileSync(file, content)
      const input = await prepareFile(t.wh, file, undefined, read && { read })
      try {
        const last = await t.wh
          .rows<Record<string, string>>(
            `SELECT * FROM (${input.source!.sql}) ORDER BY __row DESC LIMIT 1`,
            input.source!.params,
          )
          .then((rows) => Object.fromEntries(input.headers.map((h, i) => [h, rows[0]![`c${i}`]])))
          .catch(() => 'stopped')
        return { retry: input.source!.retry, last }
      } finally {
        input.cleanup()
      }
    }
    // The late key: past the sample, the reader stops; with every line's keys it reads on.
    expect(await stage(late)).toEqual({ retry: 'all-keys', last: 'stopped' })
    expect(await stage(late, 'all-keys')).toEqual({ retry: 'lines', last: { a: '2', late: 'x' } })
    expect(await stage(late, 'lines')).toEqual({ retry: undefined, last: { a: '2', late: 'x' } })
    // A key twice: JSON.parse keeps the last; the engine's reader stops, so the lines are read one by one.
    expect(await stage(twice)).toEqual({ retry: 'all-keys', last: 'stopped' })
    expect(await stage(twice, 'all-keys')).toEqual({ retry: undefined, last: { a: '2' } })
  })

  it('keeps line numbers across BOM, CRLF, blank and whitespace-only lines', async () => {
    const { headers, cells, rejected } = await read(
      'lines.jsonl',
      '\uFEFF{"a":"1"}\r\n\r\n   \n{"b":"2"}\r\n\u3000\n{"a":"3","c":"x"}',
    )
    expect(headers).toEqual(['a', 'b', 'c'])
    expect([...cells.keys()]).toEqual([1, 4, 6])
    expect(cells.get(6)).toEqual({ a: '3', b: '', c: 'x' })
    expect(rejected).toEqual([])
  })

  it('rejects broken, non-object and over-long lines with their line numbers', async () => {
    const long = `{"a":"${'x'.repeat(MAX_JSONL_LINE_BYTES + 10)}"}`
    const { cells, rejected } = await read(
      'bad.jsonl',
      [
        '{"a":"ok"}',
        '{"broken": ',
        '[1,2]',
        '"text"',
        long,
        '',
        '{"a":"ok again"}',
        '\uFEFF{"a":"bom"}',
      ].join('\n'),
    )
    expect([...cells.keys()]).toEqual([1, 7])
    expect(rejected.map((r) => [r.row_number, r.reason])).toEqual([
      [2, '第2行不是有效的JSON (not valid JSON)'],
      [3, '第3行不是JSON对象 (not a JSON object)'],
      [4, '第4行不是JSON对象 (not a JSON object)'],
      [5, '第5行过长 (1.0 MiB > 1 MiB)，不是一条记录 (line too long to be one record)'],
      [8, '第8行不是有效的JSON (not valid JSON)'],
    ])
    expect(rejected[0]!.raw_row).toBe('{"broken": ')
    expect(rejected[3]!.raw_row).toHaveLength(2000)
  })

  it('orders keys as first seen (integer-like keys first in a line), at most maxKeys', async () => {
    const { headers } = await read('keys.jsonl', '{"z":1,"2":1,"a":1,"1":1}\n{"b":1,"a":2}\n')
    expect(headers).toEqual(Object.keys(JSON.parse('{"z":1,"2":1,"a":1,"1":1,"b":1}')))
    const wide = Object.fromEntries(Array.from({ length: 600 }, (_, i) => [`k${i}`, i]))
    const capped = await read('wide.jsonl', `${JSON.stringify(wide)}\n`)
    expect(capped.headers).toHaveLength(500)
    expect(capped.headers.at(-1)).toBe('k499')
    expect(capped.cells.get(1)!.k499).toBe('499')
  })

  it('refuses a file with no lines', async () => {
    await expect(read('blank.jsonl', '\n\n   \n')).rejects.toThrow(FileRejectedError)
    await expect(read('blank.jsonl', '\n\n   \n')).rejects.toThrow('文件为空')
  })
})
