import ExcelJS from 'exceljs'
import { beforeAll, describe, expect, it } from 'vitest'
import {
  lyingXlsxBomb,
  xlsxBomb,
  xlsxOfRows,
  xlsxWithWholeSheetRanges,
} from '../../../files/testing/xlsx-bombs'
import { loadCatalog } from '../../../indicators/catalog'
import { capErrors, clip, MAX_OVERRIDE_ROWS } from './target-overrides.limits'
import { type OverridesParse, parseTargetOverridesXlsx } from './target-overrides.xlsx'

const catalog = loadCatalog()
const HEADER = ['单位类型', '单位编码', '指标编码', '年度', '目标值']
const GOOD = ['部门', '11440306002', 'hotline_ontime_rate', 2024, 0.9]

async function workbook(rows: unknown[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook()
  const ws = wb.addWorksheet('目标')
  for (const r of rows) ws.addRow(r)
  return Buffer.from(await wb.xlsx.writeBuffer())
}

async function timedParse(buf: Buffer): Promise<{ ms: number; parsed: OverridesParse }> {
  const t = performance.now()
  const parsed = await parseTargetOverridesXlsx(buf, catalog)
  return { ms: performance.now() - t, parsed }
}

const errorsOf = (p: OverridesParse) => (p.ok ? [] : p.errors)

describe('target-override uploads: hostile and careless files', () => {
  let bomb: Buffer
  let lying: Buffer
  beforeAll(async () => {
    bomb = await xlsxBomb(400)
    lying = await lyingXlsxBomb(400)
  }, 60_000)

  it('refuses a 400 KB → 400 MiB ZIP bomb at once, with a short Chinese message', async () => {
    const { ms, parsed } = await timedParse(bomb)
    expect(ms).toBeLessThan(500)
    const [e, ...rest] = errorsOf(parsed)
    expect(rest).toEqual([])
    expect(e!.message).toMatch(/^无法读取 XLSX 文件：文件解压后异常巨大.*疑似压缩炸弹，已拒绝/)
    expect(e!.message.length).toBeLessThan(300)
  })

  it('refuses the bomb whose directory lies about its size, inflating at most the declared bytes', async () => {
    const { ms, parsed } = await timedParse(lying)
    expect(ms).toBeLessThan(500)
    expect(errorsOf(parsed)[0]!.message).toMatch(/^无法读取 XLSX 文件：文件内容损坏或与目录不符/)
  })

  it('refuses files over 2 MiB, and sheets of more than 5,000 rows without reading them all', async () => {
    const big = Buffer.concat([await workbook([HEADER]), Buffer.alloc(2 * 2 ** 20)])
    expect(errorsOf(await parseTargetOverridesXlsx(big))[0]!.message).toMatch(/文件过大/)
    const rows = (n: number) =>
      xlsxOfRows(function* () {
        yield `<row r="1">${HEADER.map((h, i) => `<c r="${'ABCDE'[i]}1" t="inlineStr"><is><t>${h}</t></is></c>`).join('')}</row>`
        let chunk = ''
        for (let r = 2; r <= n + 1; r++) {
          chunk += `<row r="${r}"><c r="A${r}"><v>${r}</v></c></row>`
          if (r % 1000 === 0 || r === n + 1) {
            yield chunk
            chunk = ''
          }
        }
      })
    const long = await timedParse(await rows(200_000))
    expect(long.ms).toBeLessThan(1000)
    expect(errorsOf(long.parsed)).toEqual([
      { row: null, column: null, message: expect.stringMatching(/^行数过多/) },
    ])
    const justOver = await parseTargetOverridesXlsx(await rows(MAX_OVERRIDE_ROWS + 1))
    expect(errorsOf(justOver)[0]!.message).toMatch(/^行数过多（5001 行）/)
  })

  it('reads 5,000 rows', async () => {
    const rows = Array.from({ length: MAX_OVERRIDE_ROWS }, (_, i) => [
      '部门',
      `U${i}`,
      'hotline_ontime_rate',
      2024,
      0.9,
    ])
    const { ms, parsed } = await timedParse(await workbook([HEADER, ...rows]))
    expect(parsed).toMatchObject({ ok: true })
    expect(parsed.ok && parsed.rows.length).toBe(MAX_OVERRIDE_ROWS)
    expect(ms).toBeLessThan(2000)
  })

  it('ignores the parts a whole-workbook reader expands cell by cell (a 2 KB file that freezes exceljs)', async () => {
    const cells = (r: number, values: unknown[]) =>
      values
        .map((v, i) =>
          typeof v === 'number'
            ? `<c r="${'ABCDE'[i]}${r}"><v>${v}</v></c>`
            : `<c r="${'ABCDE'[i]}${r}" t="inlineStr"><is><t>${v}</t></is></c>`,
        )
        .join('')
    const file = await xlsxWithWholeSheetRanges(
      `<row r="1">${cells(1, HEADER)}</row><row r="2">${cells(2, GOOD)}</row>`,
    )
    expect(file.length).toBeLessThan(4000)
    const { ms, parsed } = await timedParse(file)
    expect(ms).toBeLessThan(200)
    expect(parsed).toMatchObject({ ok: true, rows: [{ unit_code: '11440306002', target: 0.9 }] })
  })

  it('quotes at most 100 characters of a cell and lists at most 50 errors', async () => {
    const huge = '科'.repeat(300_000)
    const bad = Array.from({ length: 120 }, (_, i) => [
      i === 0 ? huge : '科室',
      `U${i}`,
      'hotline_ontime_rate',
      2024,
      0.9,
    ])
    const parsed = await parseTargetOverridesXlsx(await workbook([HEADER, ...bad]), catalog)
    const errors = errorsOf(parsed)
    expect(errors).toHaveLength(51)
    expect(errors[0]!.message).toContain(`'${'科'.repeat(100)}…'`)
    expect(errors[50]).toEqual({
      row: null,
      column: null,
      message: expect.stringMatching(/^还有 70 条错误未列出/),
    })
    expect(JSON.stringify(errors).length).toBeLessThan(10_000)
  })

  it('reads shared and inline rich text, entities, prefixed names and string formula results', async () => {
    const wb = new ExcelJS.Workbook()
    const ws = wb.addWorksheet('目标')
    ws.addRow(HEADER)
    ws.addRow([
      { richText: [{ text: '部' }, { text: '门', font: { bold: true } }] },
      'A&B',
      'hotline_ontime_rate',
      2024,
      0.9,
    ])
    ws.addRow(['部门', { formula: 'CONCAT("U","7")', result: 'U7' }, 'hotline_ontime_rate', '2024', '95%'])
    const shared = await parseTargetOverridesXlsx(Buffer.from(await wb.xlsx.writeBuffer()), catalog)
    expect(shared).toMatchObject({
      ok: true,
      rows: [
        { unit_type: 'department', unit_code: 'A&B' },
        { unit_code: 'U7', target: 0.95 },
      ],
    })
    const prefixed = await xlsxOfRows(() => [
      `<x:row r="1" xmlns:x="urn:x">${HEADER.map((h, i) => `<x:c r="${'ABCDE'[i]}1" t="inlineStr"><x:is><x:r><x:t>${h}</x:t></x:r></x:is></x:c>`).join('')}</x:row>`,
      '<row r="3"><c r="A3" t="inlineStr"><is><r><t>部</t></r><r><t xml:space="preserve">门 </t></r><rPh><t>ぶ</t></rPh></is></c>',
      '<c r="B3" t="inlineStr"><is><t>D&amp;&#x31;</t></is></c><c r="C3" t="str"><f>"x"</f><v>hotline_ontime_rate</v></c>',
      '<c r="D3"><v>2024</v></c><c r="E3"><v>0.5</v></c><c r="Z3" t="b"><v>1</v></c></row>',
    ])
    expect(await parseTargetOverridesXlsx(prefixed, catalog)).toEqual({
      ok: true,
      rows: [
        {
          unit_type: 'department',
          unit_code: 'D&1',
          indicator_id: 'hotline_ontime_rate',
          year: 2024,
          target: 0.5,
        },
      ],
    })
  })

  it('reads date cells as dates, as Excel shows them (a date is no year)', async () => {
    const when = new Date(Date.UTC(2024, 0, 1))
    const parsed = await parseTargetOverridesXlsx(
      await workbook([HEADER, ['部门', 'U1', 'hotline_ontime_rate', when, 0.9]]),
      catalog,
    )
    expect(errorsOf(parsed)).toMatchObject([
      { row: 2, column: '年度', message: expect.stringContaining("'2024-01-01T00:00:00.000Z'") },
    ])
  })

  it('refuses XML with a DOCTYPE (entity definitions) as damaged', async () => {
    const file = await xlsxOfRows(() => [
      '<!DOCTYPE x [<!ENTITY a "aaaa">]><row r="1"><c r="A1"><v>1</v></c></row>',
    ])
    expect(errorsOf(await parseTargetOverridesXlsx(file))[0]!.message).toMatch(
      /^无法读取 XLSX 文件：文件内容损坏/,
    )
  })

  it('clips by characters, not UTF-16 units, and caps error lists', () => {
    expect(clip('😀'.repeat(150))).toBe(`${'😀'.repeat(100)}…`)
    expect(clip('短')).toBe('短')
    const errs = Array.from({ length: 60 }, (_, i) => ({ row: i, column: null, message: 'x' }))
    const capped = capErrors(errs, (n) => ({ row: null, column: null, message: `+${n}` }))
    expect(capped).toHaveLength(51)
    expect(capped.at(-1)!.message).toBe('+10')
  })
})
