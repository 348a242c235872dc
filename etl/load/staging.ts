import { z } from 'zod'
import type { Warehouse } from '../../warehouse/client'
import { defineQuery } from '../../warehouse/query'

/**
 * Atomic visibility: a load writes into a shadow copy of the target table (its current
 * parts hard-linked in with ATTACH PARTITION … FROM, so no data is copied) and then
 * swaps it in with one EXCHANGE TABLES. A load killed before the swap leaves the old
 * table untouched; the shadow is dropped by the next load.
 */
export const shadowName = (table: string) => `_shadow_${table}`

const PARTITION_ID = /^[0-9A-Za-z_-]+$/

const ACTIVE_PARTITIONS = defineQuery({
  name: 'system.active_partitions',
  sql: `SELECT DISTINCT partition_id AS id FROM system.parts
    WHERE database = currentDatabase() AND table = {table:String} AND active`,
  params: z.object({ table: z.string() }),
  row: z.object({ id: z.string() }),
})

/** Returns the shadow's name and whether the table had any data to carry over. */
export async function createShadow(
  wh: Warehouse,
  table: string,
): Promise<{ shadow: string; hadRows: boolean }> {
  const shadow = shadowName(table)
  await wh.command(`DROP TABLE IF EXISTS ${shadow} SYNC`)
  await wh.command(`CREATE TABLE ${shadow} AS ${table}`)
  const parts = await wh.query(ACTIVE_PARTITIONS, { table })
  for (const { id } of parts) {
    // Partition ids are engine-made (e.g. 202401, all); checked, since ALTER takes no parameters here.
    if (!PARTITION_ID.test(id)) throw new Error(`unexpected partition id ${JSON.stringify(id)} in ${table}`)
    await wh.command(`ALTER TABLE ${shadow} ATTACH PARTITION ID '${id}' FROM ${table}`)
  }
  return { shadow, hadRows: parts.length > 0 }
}

export async function swapIn(wh: Warehouse, table: string): Promise<void> {
  const shadow = shadowName(table)
  await wh.command(`EXCHANGE TABLES ${table} AND ${shadow}`)
  await wh.command(`DROP TABLE IF EXISTS ${shadow} SYNC`)
}

const STAGING_TABLES = defineQuery({
  name: 'system.staging_tables',
  sql: `SELECT name, engine FROM system.tables WHERE database = currentDatabase()
    AND (startsWith(name, '_in_') OR startsWith(name, '_mv_') OR startsWith(name, '_shadow_'))`,
  row: z.object({ name: z.string(), engine: z.string() }),
})

/** Drops staging objects of loads that are no longer running (killed processes). */
export async function dropStaleStaging(wh: Warehouse, active: Set<string>): Promise<string[]> {
  const rows = await wh.query(STAGING_TABLES)
  const dropped: string[] = []
  // Views first, so no view is left pointing at a dropped table.
  rows.sort((a, b) => Number(b.engine === 'MaterializedView') - Number(a.engine === 'MaterializedView'))
  for (const { name } of rows) {
    if ([...active].some((tag) => name.includes(tag))) continue
    await wh.command(`DROP TABLE IF EXISTS ${name} SYNC`)
    dropped.push(name)
  }
  return dropped
}
