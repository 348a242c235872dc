import { z } from 'zod'
import type { Warehouse } from '../../warehouse/client'
import { ch, defineQuery } from '../../warehouse/query'
import type { DatasetSpec } from '../contract/types'

/**
 * "A load replaces whole years" (the contract's `calendar`): the calendar years of the rows
 * this run accepted lose, in the shadow table before its swap, every row of earlier runs, so
 * a corrected holiday notice leaves no stale day of its year behind. Years the file does not
 * cover keep their rows. A rejected row counts for no year. Returns the years replaced.
 */
export async function replaceCoveredYears(
  wh: Warehouse,
  spec: DatasetSpec,
  shadow: string,
  runId: string,
): Promise<number[]> {
  const column = spec.replacesYearsOf
  if (!column) return []
  // The table is the loader's shadow and the column comes from the contract (allow-lists).
  const years = (await wh.query(runYears(shadow, column), { run: runId })).map((r) => r.year)
  if (years.length === 0) return []
  // A mutation, waited for: the swap must carry its result.
  await wh.command(
    `ALTER TABLE ${shadow} DELETE WHERE _run_id != {run:String} AND toYear(${column}) IN {years:Array(UInt16)}
     SETTINGS mutations_sync = 2`,
    { run: runId, years },
  )
  return years
}

const runYears = (table: string, column: string) =>
  defineQuery({
    name: 'load.run_years',
    sql: `SELECT DISTINCT toYear(${column}) AS year FROM ${table} WHERE _run_id = {run:String} ORDER BY year`,
    params: z.object({ run: z.string() }),
    row: z.object({ year: ch.int64() }),
  })
