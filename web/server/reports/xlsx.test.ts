import ExcelJS from 'exceljs'
import { describe, expect, it } from 'vitest'
import { sampleReport } from './fixtures'
import { rankingXlsx, reportCardXlsx } from './xlsx'

async function read(buf: Buffer) {
  const wb = new ExcelJS.Workbook()
  await wb.xlsx.load(buf as unknown as ArrayBuffer)
  return wb
}

const headers = (ws: ExcelJS.Worksheet, row = 3) =>
  (ws.getRow(row).values as unknown[]).slice(1).map((v) => String(v))

/** No cell anywhere may be a formula: every value was data, not code. */
function expectNoFormulas(wb: ExcelJS.Workbook) {
  wb.eachSheet((ws) =>
    ws.eachRow((row) =>
      row.eachCell((cell) => {
        expect(cell.type).not.toBe(ExcelJS.ValueType.Formula)
      }),
    ),
  )
}

describe('rankingXlsx', () => {
  const report = sampleReport(8)

  it('has the 排名 sheet with Chinese headers, a frozen header and number formats', async () => {
    const wb = await read(await rankingXlsx(report))
    expect(wb.worksheets.map((w) => w.name)).toEqual(['排名', '评分明细'])
    const ws = wb.getWorksheet('排名')!
    expect(ws.getCell('A1').value).toBe(report.title)
    expect(String(ws.getCell('A2').value)).toContain('2024年度')
    expect(String(ws.getCell('A2').value)).toContain('已冻结')
    expect(headers(ws)).toEqual([
      '名次',
      '单位编码',
      '单位名称',
      '总分',
      '基础分',
      '加分',
      '调整分',
      '名次变化',
      '总分变化',
    ])
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 3 })
    expect(ws.getColumn(3).width).toBeGreaterThanOrEqual(20)

    const first = ws.getRow(4)
    expect(first.getCell(1).value).toBe(1)
    expect(first.getCell(3).value).toBe(report.rows[0]!.unit_name)
    expect(first.getCell(4).value).toBe(report.rows[0]!.total)
    expect(first.getCell(4).numFmt).toBe('0.00')
    expect(first.getCell(9).numFmt).toBe('+0.00;-0.00;0.00')
    // A total above 100 shows how: base + bonus + adjustments, each in its own column.
    const top = report.rows[0]!
    expect(top.total).toBeGreaterThan(100)
    expect(first.getCell(5).value).toBe(top.base)
    expect(first.getCell(6).value).toBe(top.bonus)
    expect(
      Number(first.getCell(5).value) + Number(first.getCell(6).value) + Number(first.getCell(7).value),
    ).toBeCloseTo(top.total, 2)
    expect(ws.getRow(3 + report.rows.length).getCell(2).value).toBe(report.rows.at(-1)!.unit_code)
    expect(String(ws.getRow(5 + report.rows.length).getCell(1).value)).toMatch(/^注：无数据/)
  })

  it('neutralizes a formula-looking unit name and writes no formulas', async () => {
    const evil = report.rows.find((r) => r.unit_name.startsWith('='))!
    const wb = await read(await rankingXlsx({ ...report, title: '+SUM(A1:A9)' }))
    const ws = wb.getWorksheet('排名')!
    const row = ws.getRow(3 + evil.rank)
    expect(row.getCell(3).value).toBe(`'${evil.unit_name}`)
    expect(row.getCell(3).type).toBe(ExcelJS.ValueType.String)
    expect(ws.getCell('A1').value).toBe("'+SUM(A1:A9)")
    expectNoFormulas(wb)
  })

  it('lists every unit × indicator in 评分明细 with rate, count and score formats', async () => {
    const wb = await read(await rankingXlsx(report))
    const ws = wb.getWorksheet('评分明细')!
    expect(headers(ws)).toEqual([
      '名次',
      '单位编码',
      '单位名称',
      '指标编码',
      '指标名称',
      '实际值',
      '目标值',
      '权重',
      '满分（百分制）',
      '得分（百分制）',
      '得分率',
      '加分',
      '说明',
    ])
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 3 })
    expect(ws.rowCount).toBe(3 + report.rows.length * 4)
    const rate = ws.getRow(4)
    expect(rate.getCell(6).numFmt).toBe('0.0%')
    expect(rate.getCell(9).numFmt).toBe('0.00')
    expect(rate.getCell(10).value).toBe(report.rows[0]!.parts[0]!.score)
    expect(rate.getCell(11).numFmt).toBe('0.0%')
    const users = ws.getRow(7)
    expect(users.getCell(5).value).toBe('移动端日活跃用户数')
    expect(users.getCell(6).numFmt).toBe('#,##0')
    expect(typeof users.getCell(6).value).toBe('number')
    const noData = ws.getRows(4, ws.rowCount - 3)!.find((r) => r.getCell(13).value)
    expect(noData?.getCell(6).value).toBeNull()
    expect(noData?.getCell(10).value).toBeNull()
    expect(String(noData?.getCell(13).value)).toContain('无数据，不计分')
  })
})

describe('reportCardXlsx', () => {
  const report = sampleReport(8)
  const unit = report.rows.find((r) => r.adjustments)!

  it("is one unit's card: scores, subtotal, adjustments, total", async () => {
    const wb = await read(await reportCardXlsx(report, unit.unit_code))
    expect(wb.worksheets.map((w) => w.name)).toEqual(['成绩单', '调整记录'])
    const ws = wb.getWorksheet('成绩单')!
    expect(ws.getCell('A1').value).toBe(`${unit.unit_name} 考核成绩单`)
    expect(String(ws.getCell('A2').value)).toContain(`名次：${unit.rank} / 8`)
    expect(headers(ws)).toEqual([
      '指标编码',
      '指标名称',
      '实际值',
      '目标值',
      '权重',
      '满分（百分制）',
      '得分（百分制）',
      '得分率',
      '加分',
      '说明',
    ])
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 3 })
    expect(ws.getRow(4).getCell(3).numFmt).toBe('0.0%')
    const labels = new Map<string, ExcelJS.Cell>()
    ws.eachRow((r) => {
      if (typeof r.getCell(2).value === 'string') labels.set(r.getCell(2).value as string, r.getCell(7))
    })
    const subtotal = unit.parts.reduce((s, p) => s + (p.score ?? 0), 0)
    expect(labels.get('基础分（各指标得分之和）')?.value).toBeCloseTo(subtotal, 9)
    expect(labels.get('加分')?.value).toBe(unit.bonus)
    expect(labels.get('调整分')?.value).toBe(-1.5)
    expect(labels.get('总分')?.value).toBe(unit.total)
    expect(labels.get('总分')?.numFmt).toBe('0.00')
    const adj = wb.getWorksheet('调整记录')!
    expect(headers(adj, 1)).toEqual(['调整分', '原因', '操作人', '时间'])
    expect(adj.getRow(2).getCell(2).value).toBe(unit.adjustments![0]!.reason)
    // An ISO instant is shown in Shanghai time.
    expect(adj.getRow(3).getCell(4).value).toBe('2025-01-09 10:30')
  })

  it('neutralizes the unit name in the card title and fails clearly for an unknown unit', async () => {
    const evil = report.rows.find((r) => r.unit_name.startsWith('='))!
    const wb = await read(await reportCardXlsx(report, evil.unit_code))
    expect(String(wb.getWorksheet('成绩单')!.getCell('A1').value).startsWith("'=")).toBe(true)
    expect(wb.getWorksheet('调整记录')).toBeUndefined()
    expectNoFormulas(wb)
    await expect(reportCardXlsx(report, 'nope')).rejects.toThrow(/unit nope is not in the ranking/)
  })
})
