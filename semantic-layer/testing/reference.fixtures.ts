import type { Warehouse } from '../../warehouse/client'
import { type FixtureRow, insertRows } from './layer'

/**
 * A small district for tests: district R0, towns T1 and T2, villages V11 and V12 (in T1)
 * and V21, V22 (in T2); departments in the district and in each town.
 */
export const REGIONS = [
  {
    region_code: 'R0',
    region_name: '梅江区',
    level: 'district',
    parent_code: null,
    egov_network_connected: true,
  },
  {
    region_code: 'T1',
    region_name: '金山街道',
    level: 'town',
    parent_code: 'R0',
    egov_network_connected: true,
  },
  {
    region_code: 'T2',
    region_name: '西阳镇',
    level: 'town',
    parent_code: 'R0',
    egov_network_connected: false,
  },
  {
    region_code: 'V11',
    region_name: '东岩村',
    level: 'village',
    parent_code: 'T1',
    egov_network_connected: true,
  },
  {
    region_code: 'V12',
    region_name: '黄坑村',
    level: 'village',
    parent_code: 'T1',
    egov_network_connected: false,
  },
  {
    region_code: 'V21',
    region_name: '新联村',
    level: 'village',
    parent_code: 'T2',
    egov_network_connected: true,
  },
  {
    region_code: 'V22',
    region_name: '白宫村',
    level: 'village',
    parent_code: 'T2',
    egov_network_connected: true,
  },
] as const satisfies readonly FixtureRow[]

export const DEPARTMENTS = [
  { dept_code: 'D1', dept_name: '区政务服务数据管理局', region_code: 'R0', e_seal_enabled: true },
  { dept_code: 'D2', dept_name: '金山街道办事处', region_code: 'T1', e_seal_enabled: false },
  { dept_code: 'D3', dept_name: '西阳镇人民政府', region_code: 'T2', e_seal_enabled: true },
  { dept_code: 'D4', dept_name: '区市场监督管理局', region_code: 'R0', e_seal_enabled: false },
] as const satisfies readonly FixtureRow[]

export type RegionCode = (typeof REGIONS)[number]['region_code']
export type DeptCode = (typeof DEPARTMENTS)[number]['dept_code']

const regionByCode = new Map<string, (typeof REGIONS)[number]>(REGIONS.map((r) => [r.region_code, r]))
const deptByCode = new Map<string, (typeof DEPARTMENTS)[number]>(DEPARTMENTS.map((d) => [d.dept_code, d]))

/** The town a region belongs to: itself for a town, the parent of a village, none for a district. */
export function townOf(regionCode: string | null): string | null {
  const region = regionCode === null ? undefined : regionByCode.get(regionCode)
  if (!region) return null
  if (region.level === 'town') return region.region_code
  if (region.level === 'village') return region.parent_code
  return null
}

export const regionOfDept = (deptCode: string): string | null => deptByCode.get(deptCode)?.region_code ?? null

export async function insertReferenceData(wh: Warehouse): Promise<void> {
  await insertRows(wh, 'regions', [...REGIONS])
  await insertRows(wh, 'departments', [...DEPARTMENTS])
}
