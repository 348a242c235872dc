import { openWarehouse } from '../../warehouse/client'
import { loadWarehouseConfig } from '../../warehouse/config'
import { getDataset } from '../contract/datasets'

/** Test helper: prints a fingerprint of a table's visible rows (count + order-independent hash). */
const dataset = getDataset(process.argv[2] ?? '')
if (!dataset) throw new Error('usage: state.cli.ts <dataset>')
const wh = openWarehouse(loadWarehouseConfig().warehouse)
const cols = dataset.columns.map((c) => c.name).join(', ')
const [row] = await wh.rows<{ n: string; h: string }>(
  `SELECT count() AS n, toString(groupBitXor(cityHash64(${cols}))) AS h FROM ${dataset.name} FINAL`,
)
const running = await wh.rows("SELECT run_id FROM load_runs FINAL WHERE status = 'running'")
console.log(JSON.stringify({ rows: Number(row?.n), hash: row?.h, running: running.length }))
await wh.close()
