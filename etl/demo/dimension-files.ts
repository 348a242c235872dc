import { contractDataset, enumLabel, headerRow } from '../contract/forms'
import { type ServiceItem, snapshotRows } from './catalogue'
import { type Department, DISTRICT, type Town } from './dimensions'
import { type Cell, wallClockDate, writeCsv, writeXlsx } from './files.writer'

/** regions.xlsx: Chinese headers and labels, 是/否, XLSX date cells. Returns the row count. */
export async function writeRegions(file: string, towns: readonly Town[]): Promise<number> {
  const level = (code: string) => enumLabel('regions', 'level', code)
  const rows: Cell[][] = [
    [DISTRICT.code, DISTRICT.name, level('district'), null, '是', wallClockDate('2021-01-05 09:00:00')],
  ]
  for (const town of towns) {
    rows.push([town.code, town.name, level('town'), DISTRICT.code, '是', wallClockDate(town.updatedAt)])
    for (const v of town.villages) {
      rows.push([
        v.code,
        v.name,
        level('village'),
        town.code,
        v.connected ? '是' : '否',
        wallClockDate(v.updatedAt),
      ])
    }
  }
  // Columns in contract order; the sheet is named after the dataset's Chinese name.
  await writeXlsx(file, contractDataset('regions').label, headerRow('regions', 'zh'), rows)
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
  await writeXlsx(file, 'departments', headerRow('departments', 'en'), rows)
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
  writeCsv(file, headerRow('service_items', 'zh'), rows, 'gbk')
  return rows.length
}
