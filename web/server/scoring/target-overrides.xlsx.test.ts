import ExcelJS from 'exceljs'
import { describe, expect, it } from 'vitest'
import { loadCatalog } from '../../../indicators/catalog'
import { applyTargetOverrides, planTargets } from '../../../indicators/scoring/target-overrides'
import { parseTargetOverridesXlsx } from './target-overrides.xlsx'

const catalog = loadCatalog()

async function workbook(rows: unknown[][], format?: (ws: ExcelJS.Worksheet) => void): Promise<Buffer> {
  const wb = new ExcelJS.Workbook()
  const ws = wb.addWorksheet('目标值调整')
  for (const r of rows) ws.addRow(r)
  format?.(ws)
  return Buffer.from(await wb.xlsx.writeBuffer())
}

const ZH = ['单位类型', '单位编码', '单位名称', '指标编码', '年度', '目标值']

describe('parseTargetOverridesXlsx', () => {
  it('reads Chinese headers, numeric codes, percent cells and text, skipping blank rows', async () => {
    const buf = await workbook(
      [
        ZH,
        ['部门', '11440306002', '区公安分局', 'hotline_ontime_rate', 2024, 0.9],
        [],
        ['部门', 11440306007, '区住房和建设局', '12345按时办结率', '2024年', '92%'],
        ['镇街', '440306007', '石桥镇', 'online_application_rate', 2024, 0.6],
      ],
      (ws) => {
        ws.getCell('F5').numFmt = '0%'
      },
    )
    const parsed = await parseTargetOverridesXlsx(buf, catalog)
    expect(parsed).toEqual({
      ok: true,
      rows: [
        {
          unit_type: 'department',
          unit_code: '11440306002',
          indicator_id: 'hotline_ontime_rate',
          year: 2024,
          target: 0.9,
        },
        {
          unit_type: 'department',
          unit_code: '11440306007',
          indicator_id: 'hotline_ontime_rate',
          year: 2024,
          target: 0.92,
        },
        {
          unit_type: 'town',
          unit_code: '440306007',
          indicator_id: 'online_application_rate',
          year: 2024,
          target: 0.6,
        },
      ],
    })
  })

  it('accepts English headers in any order, and formula results', async () => {
    const buf = await workbook([
      ['year', 'Target', 'indicator_id', 'unit code', 'unit_type'],
      [2025, { formula: '0.5+0.4', result: 0.9 }, 'e_seal_coverage_rate', 'D1', 'department'],
    ])
    // a Uint8Array view (what a fetch body or an upload gives) reads the same as a Buffer
    const parsed = await parseTargetOverridesXlsx(new Uint8Array(buf))
    expect(parsed).toEqual({
      ok: true,
      rows: [
        {
          unit_type: 'department',
          unit_code: 'D1',
          indicator_id: 'e_seal_coverage_rate',
          year: 2025,
          target: 0.9,
        },
      ],
    })
  })

  it('reports every bad row by its sheet row number and column, below a title line', async () => {
    const buf = await workbook([
      ['2024年度各单位目标值调整表'],
      ZH,
      ['部门', '11440306002', '区公安分局', 'hotline_ontime_rate', 2024, 0.9],
      ['科室', '11440306003', '', 'no_such_indicator', 2024, 0.95],
      ['部门', '11440306004', '', 'hotline_ontime_rate', 'next year', 'abc'],
      ['部门', '', '', 'hotline_ontime_rate', 2024, 95],
      ['部门', '11440306002', '区公安分局', 'hotline_ontime_rate', 2024, 0.93],
    ])
    const parsed = await parseTargetOverridesXlsx(buf, catalog)
    if (parsed.ok) throw new Error('expected row errors')
    expect(parsed.errors.map((e) => [e.row, e.column])).toEqual([
      [4, '单位类型'],
      [4, '指标编码'],
      [5, '年度'],
      [5, '目标值'],
      [6, '单位编码'],
      [6, '目标值'],
      [7, null],
    ])
    expect(parsed.errors[0]!.message).toMatch(/^单位类型应为“部门”或“镇街”.*'科室'/)
    expect(parsed.errors[1]!.message).toMatch(/未知指标编码.*'no_such_indicator'/)
    expect(parsed.errors[2]!.message).toMatch(/年度应为.*'next year'/)
    expect(parsed.errors[5]!.message).toMatch(/比率目标应填小数或百分比/)
    expect(parsed.errors[6]!.message).toMatch(/与第 3 行重复/)
  })

  it('takes mean targets (次, 工作日) as numbers, above 1 too, and refuses a percentage for them', async () => {
    const buf = await workbook([
      ZH,
      ['部门', 'D1', '', 'avg_visits', 2024, 1.2],
      ['部门', 'D1', '', '共享需求平均响应工作日', 2024, '4.5'],
      ['部门', 'D2', '', 'avg_visits', 2024, '80%'],
    ])
    const parsed = await parseTargetOverridesXlsx(buf, catalog)
    if (parsed.ok) throw new Error('expected row errors')
    expect(parsed.errors).toEqual([
      { row: 4, column: '目标值', message: expect.stringMatching(/^只有比率指标的目标可填百分比.*'80%'/) },
    ])
    const good = await parseTargetOverridesXlsx(
      await workbook([
        ZH,
        ['部门', 'D1', '', 'avg_visits', 2024, 1.2],
        ['部门', 'D1', '', '共享需求平均响应工作日', 2024, '4.5'],
      ]),
      catalog,
    )
    expect(good).toEqual({
      ok: true,
      rows: [
        { unit_type: 'department', unit_code: 'D1', indicator_id: 'avg_visits', year: 2024, target: 1.2 },
        {
          unit_type: 'department',
          unit_code: 'D1',
          indicator_id: 'sharing_response_workdays',
          year: 2024,
          target: 4.5,
        },
      ],
    })
  })

  it('names missing columns and unreadable files', async () => {
    const missing = await parseTargetOverridesXlsx(await workbook([['单位类型', '单位编码', '年度']]))
    expect(missing).toMatchObject({
      ok: false,
      errors: [
        { row: 1, column: '指标编码', message: expect.stringMatching(/^缺少列“指标编码”/) },
        { row: 1, column: '目标值' },
      ],
    })
    const junk = await parseTargetOverridesXlsx(Buffer.from('not a workbook'))
    expect(junk).toMatchObject({
      ok: false,
      errors: [{ row: null, message: expect.stringMatching(/^无法读取 XLSX 文件/) }],
    })
    const empty = await parseTargetOverridesXlsx(await workbook([]))
    expect(empty).toMatchObject({ ok: false, errors: [{ message: expect.stringMatching(/缺少表头/) }] })
  })

  it('feeds applyTargetOverrides: the parsed rows win over the plan targets', async () => {
    const parsed = await parseTargetOverridesXlsx(
      await workbook([ZH, ['部门', '11440306002', '区公安分局', 'hotline_ontime_rate', 2024, '90%']]),
      catalog,
    )
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors))
    const targets = applyTargetOverrides(planTargets(catalog, 2024), parsed.rows, {
      unitType: 'department',
      year: 2024,
    })
    expect(targets('hotline_ontime_rate', '11440306002')).toBe(0.9)
    expect(targets('hotline_ontime_rate', '11440306003')).toBe(0.95)
    expect(targets('unknown', '11440306002')).toBeNull()
  })
})
