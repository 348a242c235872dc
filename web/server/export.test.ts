import ExcelJS from 'exceljs'
import { describe, expect, it } from 'vitest'
import { neutralizeFormula, toCsv, toXlsx } from './export'
import { rankingXlsx, reportCardXlsx } from './reports'
import { sampleReport } from './reports/fixtures'

/** Values a spreadsheet app would run, hidden behind whitespace an importer may trim. */
// (XML reads a written CR or CR LF back as LF, so workbook cells are compared that way.)
const noCr = (v: unknown) => String(v).replace(/\r\n?/g, '\n')
const HIDDEN = [
  ' =1+1',
  '\n=HYPERLINK("http://x","点我")',
  '\t@SUM(A1)',
  '\r\n+1',
  '  -2+3',
  '\u3000=1',
  '\t',
  '\rtext',
]

const table = {
  columns: [
    { key: 'name', title: '部门' },
    { key: 'v', title: '数值' },
  ],
  rows: [
    { name: '=HYPERLINK("http://x","点我")', v: 1.5 },
    { name: '+1-2', v: -3 },
    { name: '区公安分局, "一科"', v: null },
  ],
}

describe('exports', () => {
  it('neutralizes cells that spreadsheets would run as formulas', () => {
    expect(neutralizeFormula('=1+1')).toBe("'=1+1")
    expect(neutralizeFormula('@SUM(A1)')).toBe("'@SUM(A1)")
    expect(neutralizeFormula('区政务服务数据管理局')).toBe('区政务服务数据管理局')
    expect(neutralizeFormula(-3)).toBe(-3)
  })

  it('also after leading spaces, tabs and line breaks; plain numbers in text stay as they are', () => {
    for (const v of HIDDEN) expect(neutralizeFormula(v)).toBe(`'${v}`)
    for (const v of ['-3', '+1.5', '-0.25e3', '区 =1', 'a\n=1', '\nplain', ' '])
      expect(neutralizeFormula(v)).toBe(v)
    expect(neutralizeFormula(-3.5)).toBe(-3.5)
    expect(neutralizeFormula(null)).toBe(null)
  })

  it('CSV: UTF-8 with BOM, quoted where needed, formulas neutralized', () => {
    const text = toCsv(table).toString('utf8')
    expect(text.startsWith('\uFEFF部门,数值\r\n')).toBe(true)
    expect(text).toContain(`"'=HYPERLINK(""http://x"",""点我"")",1.5`)
    expect(text).toContain("'+1-2,-3")
    expect(text).toContain('"区公安分局, ""一科""",')
  })

  it('XLSX: frozen Chinese header, numbers as numbers, no formula cells', async () => {
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load((await toXlsx(table)) as unknown as ArrayBuffer)
    const ws = wb.worksheets[0]!
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 })
    expect(ws.getRow(1).values).toEqual([undefined, '部门', '数值'])
    expect(ws.getCell('A2').value).toBe('\'=HYPERLINK("http://x","点我")')
    expect(ws.getCell('B3').value).toBe(-3)
    expect(ws.getCell('A2').type).not.toBe(ExcelJS.ValueType.Formula)
  })

  it('CSV and XLSX exports neutralize the hidden ones too, and keep numbers as numbers', async () => {
    const hidden = {
      columns: [
        { key: 'name', title: '名称' },
        { key: 'v', title: '数值' },
      ],
      rows: HIDDEN.map((name, i) => ({ name, v: -i - 0.5 })),
    }
    const csv = toCsv(hidden).toString('utf8')
    expect(csv).toContain(`"'\n=HYPERLINK(""http://x"",""点我"")",-1.5`)
    expect(csv).toContain("' =1+1,-0.5")
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load((await toXlsx(hidden)) as unknown as ArrayBuffer)
    const ws = wb.worksheets[0]!
    HIDDEN.forEach((name, i) => {
      expect(noCr(ws.getCell(i + 2, 1).value)).toBe(noCr(`'${name}`))
      expect(ws.getCell(i + 2, 2).value).toBe(-i - 0.5)
    })
  })

  it('report workbooks neutralize unit names, titles and reasons that hide a formula', async () => {
    const base = sampleReport(4)
    const report = {
      ...base,
      title: ' =1+1',
      rows: base.rows.map((r, i) => ({
        ...r,
        unit_name: HIDDEN[i]!,
        adjustments: r.adjustments?.map((a) => ({ ...a, reason: '\n@SUM(A1)' })),
      })),
    }
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load((await rankingXlsx(report)) as unknown as ArrayBuffer)
    const ranking = wb.getWorksheet('排名')!
    expect(ranking.getCell('A1').value).toBe("' =1+1")
    const names = report.rows.map((r) => noCr(ranking.getRow(3 + r.rank).getCell(3).value))
    expect(names).toEqual(report.rows.map((r) => noCr(`'${r.unit_name}`)))
    const withAdjustments = report.rows.find((r) => r.adjustments?.length)!
    const card = new ExcelJS.Workbook()
    await card.xlsx.load((await reportCardXlsx(report, withAdjustments.unit_code)) as unknown as ArrayBuffer)
    expect(card.getWorksheet('调整记录')!.getCell('B2').value).toBe("'\n@SUM(A1)")
  })
})
