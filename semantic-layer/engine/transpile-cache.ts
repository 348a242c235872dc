import crypto from 'node:crypto'
import fs from 'node:fs'
import { createRequire } from 'node:module'
import os from 'node:os'
import path from 'node:path'
import type { CubeLogger } from './logger'
import type { ModelFile } from './repository'

/**
 * Cube turns each model file into JavaScript (YAML → JS, then a Babel pass per compile
 * phase in worker threads) before it evaluates the model; that is ~95% of a 2.5 s
 * compile. The output depends only on the files, the phase's symbols and Cube's
 * version, so it is kept on disk, one JSON file per model (keyed by the hash of every
 * model file and Cube's version): a process that starts on an unchanged model
 * evaluates the cached JavaScript and compiles in ~0.1 s.
 *
 * The cache holds code that is run, so it lives in a directory only this user can
 * write (checked), and an unreadable or foreign entry is ignored, never trusted.
 */

const require = createRequire(import.meta.url)
const CUBE_VERSION: string = require('@cubejs-backend/schema-compiler/package.json').version
/** Model versions kept; older files are removed when a new one is written. */
const KEEP_MODELS = 20
/** Largest cache file read back (the model's transpiled code is ~0.3 MB). */
const MAX_FILE_BYTES = 32 * 1024 * 1024

export type TranspileInputs = Record<string, unknown>

export interface TranspileSession {
  /** Cached output for these inputs, or undefined. */
  get(method: string, fileName: string, content: string, inputs: TranspileInputs): string | undefined
  put(method: string, fileName: string, content: string, inputs: TranspileInputs, output: string): void
  /** Writes the entries once the model compiled without errors (a failed compile caches nothing). */
  save(): void
}

const sha256 = (parts: unknown[]) => crypto.createHash('sha256').update(JSON.stringify(parts)).digest('hex')

/** A private per-user directory under the system's temp dir, for callers that give none. */
export function defaultCacheDir(): string {
  const uid = typeof process.getuid === 'function' ? process.getuid() : 'user'
  return path.join(os.tmpdir(), `plan-scorecard-model-cache-${uid}`)
}

/** Creates the directory (0700) and checks that nobody else can write to it. */
function privateDir(dir: string): boolean {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 })
  const st = fs.lstatSync(dir)
  const ownUid = typeof process.getuid === 'function' ? process.getuid() : st.uid
  return st.isDirectory() && st.uid === ownUid && (st.mode & 0o022) === 0
}

export function openTranspileCache(
  dir: string | null,
  files: ModelFile[],
  logger: CubeLogger,
): TranspileSession {
  const entries = new Map<string, string>()
  let added = 0
  const modelKey = sha256([CUBE_VERSION, files.map((f) => [f.fileName, f.content])])
  let file: string | null = null
  try {
    if (dir && privateDir(dir)) file = path.join(dir, `${modelKey}.json`)
    else if (dir) logger('Model cache not used: directory is writable by others', { dir })
  } catch (err) {
    logger('Model cache not used', { dir, error: (err as Error).message })
  }
  if (file) {
    try {
      const st = fs.statSync(file)
      if (st.size <= MAX_FILE_BYTES) {
        const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as unknown
        if (parsed && typeof parsed === 'object')
          for (const [k, v] of Object.entries(parsed)) if (typeof v === 'string') entries.set(k, v)
      }
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT')
        logger('Model cache entry ignored', { file, error: (err as Error).message })
    }
  }
  const key = (method: string, fileName: string, content: string, inputs: TranspileInputs) =>
    sha256([method, fileName, content, inputs])

  return {
    get: (method, fileName, content, inputs) => entries.get(key(method, fileName, content, inputs)),
    put: (method, fileName, content, inputs, output) => {
      const k = key(method, fileName, content, inputs)
      if (entries.get(k) === output) return
      entries.set(k, output)
      added++
    },
    save: () => {
      if (!file || added === 0) return
      try {
        const tmp = `${file}.${process.pid}.${crypto.randomUUID()}.tmp`
        fs.writeFileSync(tmp, JSON.stringify(Object.fromEntries(entries)), { mode: 0o600 })
        fs.renameSync(tmp, file)
        added = 0
      } catch (err) {
        logger('Model cache not written', { file, error: (err as Error).message })
        return
      }
      try {
        prune(path.dirname(file))
      } catch {
        // Another process pruned at the same time: nothing to do.
      }
    },
  }
}

/** Keeps the newest KEEP_MODELS model files (and drops temp files a killed process left). */
function prune(dir: string) {
  const now = Date.now()
  const names = fs.readdirSync(dir)
  for (const n of names.filter((n) => n.endsWith('.tmp'))) {
    const p = path.join(dir, n)
    if (now - fs.statSync(p).mtimeMs > 60_000) fs.rmSync(p, { force: true })
  }
  const models = names
    .filter((n) => n.endsWith('.json'))
    .map((n) => ({ p: path.join(dir, n), t: fs.statSync(path.join(dir, n)).mtimeMs }))
    .sort((a, b) => b.t - a.t)
  for (const old of models.slice(KEEP_MODELS)) fs.rmSync(old.p, { force: true })
}
