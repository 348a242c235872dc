import type { Warehouse } from '../../warehouse/client'
import { getDataset } from '../contract/datasets'
import { quarantinedRows, runRows } from './counts'
import { listRuns, writeRun } from './runs'
import { dropStaleStaging } from './staging'

/**
 * After a crash: a run still marked running either reached its swap (its rows are
 * visible, so it is recorded as succeeded) or did not (nothing of it is visible; its
 * quarantine rows are removed and it is recorded as interrupted). Call only when no
 * load is in progress, e.g. at start-up.
 */
export async function recoverInterruptedRuns(wh: Warehouse): Promise<number> {
  await dropStaleStaging(wh, new Set())
  const stuck = await listRuns(wh, { status: 'running', limit: 1000 })
  for (const run of stuck) {
    const spec = getDataset(run.dataset)
    let accepted = 0
    if (spec) {
      accepted = await runRows(wh, spec.name, run.run_id)
    }
    const finished_at = new Date().toISOString().replace('T', ' ').replace('Z', '')
    if (accepted > 0) {
      const rejected = await quarantinedRows(wh, run.run_id)
      await writeRun(wh, { ...run, status: 'succeeded', accepted, rejected, finished_at })
    } else {
      await wh.command('DELETE FROM quarantine WHERE run_id = {run:String}', { run: run.run_id })
      await writeRun(wh, {
        ...run,
        status: 'failed',
        finished_at,
        error:
          '加载被中断, 未写入任何数据; 请重新加载 (interrupted before it finished; nothing was loaded, run it again)',
      })
    }
  }
  return stuck.length
}
