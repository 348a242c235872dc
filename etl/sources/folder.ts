import fs from 'node:fs'
import path from 'node:path'
import type { Warehouse } from '../../warehouse/client'
import { type LoadResult, loadFile } from '../load/load'
import type { FolderSource } from './config'

const LOADABLE = /\.(csv|txt|xlsx|jsonl|ndjson|json)$/i

/** Moves a file aside without overwriting an earlier one of the same name. */
function moveTo(dir: string, file: string): string {
  fs.mkdirSync(dir, { recursive: true })
  let dest = path.join(dir, path.basename(file))
  if (fs.existsSync(dest)) {
    const stamp = new Date().toISOString().replace(/[:.]/g, '-')
    dest = path.join(dir, `${stamp}_${path.basename(file)}`)
  }
  fs.renameSync(file, dest)
  return dest
}

/**
 * Drop folder: every settled file is loaded, then moved to processed/ (loaded, perhaps
 * with quarantined rows) or failed/ (nothing loaded) with the reason beside it.
 */
export async function runFolderSource(
  wh: Warehouse,
  source: FolderSource,
  now = Date.now(),
  log: (m: string) => void = () => {},
): Promise<LoadResult[]> {
  fs.mkdirSync(source.path, { recursive: true })
  const files = fs
    .readdirSync(source.path, { withFileTypes: true })
    .filter((e) => e.isFile() && LOADABLE.test(e.name))
    .map((e) => path.join(source.path, e.name))
    .filter((f) => now - fs.statSync(f).mtimeMs >= source.settle_ms)
    .sort()
  const results: LoadResult[] = []
  for (const file of files) {
    const r = await loadFile(wh, { dataset: source.dataset, file, source: source.name, onProgress: log })
    if (r.status === 'succeeded') {
      moveTo(path.join(source.path, 'processed'), file)
    } else {
      const dest = moveTo(path.join(source.path, 'failed'), file)
      fs.writeFileSync(`${dest}.error.txt`, `${r.error}\nrun ${r.runId}\n`)
    }
    results.push(r)
  }
  return results
}
