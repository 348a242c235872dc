import fs from 'node:fs'
import path from 'node:path'
import { z } from 'zod'
import type { Warehouse } from '../warehouse/client'
import { ch, defineQuery } from '../warehouse/query'
import { generateDemoData, MANIFEST_FILE, type Manifest } from './demo/generate'
import { type LoadResult, loadFile } from './load/load'

const LOADED_ANYTHING = defineQuery({
  name: 'warehouse.loaded_anything',
  sql: `SELECT (SELECT count() FROM load_runs FINAL WHERE status = 'succeeded') AS runs,
      (SELECT count() FROM service_applications) AS apps`,
  row: z.object({ runs: ch.int64(), apps: ch.int64() }),
})

/** Nothing was ever loaded: no successful run and no application rows. */
export async function isWarehouseEmpty(wh: Warehouse): Promise<boolean> {
  const [r] = await wh.query(LOADED_ANYTHING)
  return (r?.runs ?? 0) === 0 && (r?.apps ?? 0) === 0
}

/**
 * Generates the demo district (or reuses files generated before at this scale) and
 * loads it through the same loader as real exports.
 */
export async function loadDemoData(
  wh: Warehouse,
  opts: { dataDir: string; scale: number; log: (m: string) => void },
): Promise<{ manifest: Manifest; results: LoadResult[] }> {
  const outDir = path.join(opts.dataDir, 'demo', `scale-${opts.scale}`)
  const manifestPath = path.join(outDir, MANIFEST_FILE)
  let manifest: Manifest
  if (fs.existsSync(manifestPath)) {
    manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8')) as Manifest
    opts.log(`演示数据已生成, 直接加载 (reusing demo files in ${outDir})`)
  } else {
    opts.log(`正在生成演示数据 (generating demo data, scale ${opts.scale}) → ${outDir}`)
    manifest = await generateDemoData({
      wh,
      outDir,
      scale: opts.scale,
      onProgress: (p) =>
        opts.log(`  生成 ${p.dataset}: ${p.rows.toLocaleString()} 行 (${p.seconds.toFixed(1)} s)`),
    })
  }
  const results: LoadResult[] = []
  for (const [i, f] of manifest.files.entries()) {
    opts.log(
      `正在加载 (loading) ${i + 1}/${manifest.files.length} ${f.dataset} (${f.rows.toLocaleString()} 行)`,
    )
    const r = await loadFile(wh, { dataset: f.dataset, file: path.join(outDir, f.file), source: 'demo' })
    if (r.status === 'failed') throw new Error(`demo ${f.dataset}: ${r.error}`)
    opts.log(
      `  ✓ ${f.dataset}: 接收 ${r.accepted.toLocaleString()}, 隔离 ${r.rejected} (${r.seconds.toFixed(1)} s)`,
    )
    results.push(r)
  }
  return { manifest, results }
}
