import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { Warehouse } from '../../warehouse/client'
import { type LoadResult, loadFile } from '../load/load'
import { writeRun } from '../load/runs'
import type { HttpSource } from './config'
import { getWatermark, setWatermark } from './state'

export class SourceFetchError extends Error {}

async function fetchPage(source: HttpSource, page: number, watermark: string | null): Promise<unknown[]> {
  const url = new URL(source.url)
  url.searchParams.set(source.page_param, String(page))
  url.searchParams.set(source.page_size_param, String(source.page_size))
  if (watermark) url.searchParams.set(source.watermark_param, watermark)
  const res = await fetch(url, { headers: source.headers, signal: AbortSignal.timeout(source.timeout_ms) })
  if (!res.ok) throw new SourceFetchError(`HTTP ${res.status} from ${url.origin}${url.pathname}`)
  let body: unknown
  try {
    body = await res.json()
  } catch {
    throw new SourceFetchError(`接口返回的不是JSON (response is not JSON) from ${url.origin}${url.pathname}`)
  }
  const records = Array.isArray(body) ? body : (body as Record<string, unknown> | null)?.[source.records_path]
  if (!Array.isArray(records)) {
    throw new SourceFetchError(
      `接口返回中没有记录数组 '${source.records_path}' (no records array in the response)`,
    )
  }
  return records
}

/**
 * Pulls every page changed since the watermark into a JSON Lines file and loads it
 * through the same loader as files. The watermark advances only after a successful load,
 * so a failure re-fetches the same window next time (re-loading is idempotent).
 */
export async function runHttpSource(
  wh: Warehouse,
  source: HttpSource,
  log: (m: string) => void = () => {},
): Promise<LoadResult> {
  const watermark = await getWatermark(wh, source.name)
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scorecard-http-'))
  const file = path.join(dir, `${source.name}.jsonl`)
  let fd: number | undefined
  try {
    // Pages are bounded (page_size), so each is appended synchronously: nothing is left
    // pending when a failed fetch removes the directory.
    fd = fs.openSync(file, 'w')
    let max = watermark
    let count = 0
    for (let page = 1; page <= source.max_pages; page++) {
      const records = await fetchPage(source, page, watermark)
      fs.writeSync(fd, records.map((r) => `${JSON.stringify(r)}\n`).join(''))
      for (const r of records) {
        const w = (r as Record<string, unknown> | null)?.[source.watermark_field]
        if (typeof w === 'string' && (max === null || w > max)) max = w
      }
      count += records.length
      if (records.length < source.page_size) break
    }
    fs.closeSync(fd)
    fd = undefined
    log(`${source.name}: fetched ${count} records since ${watermark ?? 'the beginning'}`)
    if (count === 0) {
      return {
        runId: '',
        dataset: source.dataset,
        file: source.url,
        status: 'succeeded',
        accepted: 0,
        rejected: 0,
        ignoredColumns: [],
        seconds: 0,
      }
    }
    const result = await loadFile(wh, { dataset: source.dataset, file, source: source.name, onProgress: log })
    if (result.status === 'succeeded' && max && max !== watermark) await setWatermark(wh, source.name, max)
    return result
  } finally {
    if (fd !== undefined) fs.closeSync(fd)
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

/** A fetch that failed for good is still a run: recorded, with its reason. */
export async function recordFetchFailure(wh: Warehouse, source: HttpSource, error: string): Promise<void> {
  const now = new Date().toISOString().replace('T', ' ').replace('Z', '')
  await writeRun(wh, {
    run_id: crypto.randomUUID(),
    source: source.name,
    dataset: source.dataset,
    file: source.url,
    started_at: now,
    finished_at: now,
    status: 'failed',
    accepted: 0,
    rejected: 0,
    ignored_columns: [],
    error: `数据源接口失败 (source fetch failed): ${error}`,
  })
}
