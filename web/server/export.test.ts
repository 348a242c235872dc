import ExcelJS from 'exceljs'
import { describe, expect, it } from 'vitest'
import { neutralizeFormula, toCsv, toXlsx } from './export'

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
})
