import { z } from 'zod'
import type { Warehouse } from '../../warehouse/client'
import { defineQuery } from '../../warehouse/query'
import type { DatasetSpec } from '../contract/types'
import { storedRows } from './counts'

/**
 * ReplacingMergeTree collapses versions that share the ORDER BY key. When a re-loaded
 * key arrives with other sort-key values (another department, a corrected date), the
 * old and new rows no longer collapse, so the losing version gets a tombstone
 * (_deleted = 1) with the winner's version. Ties go to this run's row: "newer or equal replaces".
 */
export async function writeTombstones(
  wh: Warehouse,
  spec: DatasetSpec,
  table: string,
  runId: string,
  hadRows: boolean,
): Promise<number> {
  if (spec.movableSortColumns.length === 0) return 0
  const key = spec.key.join(', ')
  if (!hadRows) {
    // Into an empty table only a key repeated within this file can leave two live versions.
    if ((await wh.query(repeatedKey(table, key), { run: runId })).length === 0) return 0
  }
  const sort = spec.movableSortColumns.join(', ')
  const loserCols = [...spec.key, ...spec.movableSortColumns]
  const live = `SELECT ${key}, ${sort}, _version, _run_id = {run:String} AS mine FROM ${table} FINAL
    WHERE (${key}) IN (SELECT ${key} FROM ${table} WHERE _run_id = {run:String})`
  const before = await storedRows(wh, table)
  await wh.command(
    `INSERT INTO ${table} (${loserCols.join(', ')}, _version, _deleted, _run_id)
     SELECT ${loserCols.map((c) => `l.${c}`).join(', ')}, w.winner_version, 1, {run:String}
     FROM (${live}) AS l
     INNER JOIN (
       SELECT ${key}, argMax(tuple(${sort}), (_version, mine)) AS winner, max(_version) AS winner_version
       FROM (${live}) GROUP BY ${key} HAVING count() > 1
     ) AS w USING (${key})
     WHERE tuple(${spec.movableSortColumns.map((c) => `l.${c}`).join(', ')}) != w.winner`,
    { run: runId },
  )
  return (await storedRows(wh, table)) - before
}

/** A key this run loaded more than once (the key's columns come from the contract). */
const repeatedKey = (table: string, key: string) =>
  defineQuery({
    name: 'load.repeated_key',
    sql: `SELECT 1 AS repeated FROM ${table} WHERE _run_id = {run:String} GROUP BY ${key} HAVING count() > 1 LIMIT 1`,
    params: z.object({ run: z.string() }),
    row: z.object({ repeated: z.number() }),
  })
