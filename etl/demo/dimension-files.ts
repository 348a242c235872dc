import { type ServiceItem, snapshotRows } from './catalogue'
import { type Department, DISTRICT, type Town } from './dimensions'
import { type Cell, wallClockDate, writeCsv, writeXlsx } from './files.writer'

/** regions.xlsx: Chinese headers and labels, 是/否, XLSX date cells. Returns the row count. */
export async function writeRegions(file: string, towns: readonly Town[]): Promise<number> {
  const rows: Cell[][] = [
    [DISTRICT.code, DISTRICT.name, '区县', null, '是', wallClockDate('2021-01-05 09:00:00')],
  ]
  for (const town of towns) {
    rows.push([town.code, town.name, '镇街', DISTRICT.code, '是', wallClockDate(town.updatedAt)])
    for (const v of town.villages) {
      rows.push([v.code, v.name, '村居', town.code, v.connected ? '是' : '否', wallClockDate(v.updatedAt)])
    }
  }
  const header = ['行政区划代码', '行政区划名称', '层级', '上级区划代码', '政务外网接入', '更新时间']
  await writeXlsx(file, '行政区划', header, rows)
  return rows.length
}

/** departments.xlsx: English headers, Y/N, XLSX date cells. */
export async function writeDepartments(file: string, depts: readonly Department[]): Promise<number> {
  const rows: Cell[][] = depts.map((d) => [
    d.code,
    d.name,
    DISTRICT.code,
    d.eSeal ? 'Y' : 'N',
    wallClockDate(d.updatedAt),
  ])
  await writeXlsx(
    file,
    'departments',
    ['dept_code', 'dept_name', 'region_code', 'e_seal_enabled', 'updated_at'],
    rows,
  )
  return rows.length
}

/** service_items.csv: GBK, Chinese headers, 是/否 — as the provincial catalogue system exports it. */
export function writeServiceItems(
  file: string,
  items: readonly ServiceItem[],
  depts: readonly Department[],
): number {
  const yn = (b: boolean) => (b ? '是' : '否')
  const rows = snapshotRows(items).map(({ item, snapshotDate, flags }) => [
    item.code,
    item.name,
    depts[item.deptIndex]!.code,
    yn(flags.online),
    yn(flags.full),
    yn(flags.oneVisit),
    yn(flags.booking),
    yn(flags.mobile),
    yn(item.hall),
    snapshotDate,
  ])
  const header = [
    '事项编码',
    '事项名称',
    '实施部门编码',
    '网上可办',
    '全程网办',
    '最多跑一次',
    '可网上预约',
    '掌上可办',
    '进驻大厅',
    '统计日期',
  ]
  writeCsv(file, header, rows, 'gbk')
  return rows.length
}
