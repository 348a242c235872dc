import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openTempWarehouse } from '../../warehouse/testing'
import { createSemanticLayer, DEFAULT_MODEL_DIR } from './engine'

let t: Awaited<ReturnType<typeof openTempWarehouse>>
let root: string
beforeAll(async () => {
  t = await openTempWarehouse('transpile-cache-')
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'model-cache-test-'))
})
afterAll(async () => {
  await t.dispose()
  fs.rmSync(root, { recursive: true, force: true })
})

/** Compiles the model with this cache dir; returns the catalog and how long the compile took. */
async function compile(cacheDir: string | null, modelDir = DEFAULT_MODEL_DIR) {
  const sl = createSemanticLayer({ warehouse: t.wh.config, modelDir, modelCacheDir: cacheDir })
  const t0 = performance.now()
  try {
    const views = await sl.meta()
    return { views, ms: performance.now() - t0 }
  } finally {
    await sl.close()
  }
}
const cacheFiles = (dir: string) => fs.readdirSync(dir).filter((n) => n.endsWith('.json'))

describe('the transpiled-model cache', () => {
  it('answers a second compile of the same model from disk, with the same catalog', async () => {
    const dir = path.join(root, 'same')
    const first = await compile(dir)
    expect(cacheFiles(dir)).toHaveLength(1)
    expect(fs.statSync(dir).mode & 0o777).toBe(0o700)
    const second = await compile(dir)
    expect(second.views).toEqual(first.views)
    // Babel in worker threads is skipped: an order of magnitude, not a few percent.
    expect(second.ms).toBeLessThan(first.ms / 3)
  }, 60_000)

  it('keys the cache by the model: a changed model file compiles anew into its own entry', async () => {
    const dir = path.join(root, 'changed')
    const model = path.join(root, 'model')
    fs.cpSync(DEFAULT_MODEL_DIR, model, { recursive: true })
    await compile(dir, model)
    const cube = path.join(
      model,
      'views',
      fs.readdirSync(path.join(model, 'views')).find((n) => n.endsWith('.yml'))!,
    )
    fs.appendFileSync(cube, '\n# a comment changes the hash\n')
    await compile(dir, model)
    expect(cacheFiles(dir)).toHaveLength(2)
  }, 60_000)

  it('ignores a corrupt entry, compiles and rewrites it', async () => {
    const dir = path.join(root, 'corrupt')
    await compile(dir)
    const [name] = cacheFiles(dir)
    fs.writeFileSync(path.join(dir, name!), '{"not json')
    const again = await compile(dir)
    expect(again.views.length).toBeGreaterThan(0)
    expect(() => JSON.parse(fs.readFileSync(path.join(dir, name!), 'utf8'))).not.toThrow()
  }, 60_000)

  it('does not use a directory others can write to (the cache holds code that runs)', async () => {
    const dir = path.join(root, 'shared')
    fs.mkdirSync(dir, { mode: 0o777 })
    fs.chmodSync(dir, 0o777)
    await compile(dir)
    expect(cacheFiles(dir)).toHaveLength(0)
  }, 60_000)

  it('works without a cache', async () => {
    expect((await compile(null)).views.length).toBeGreaterThan(0)
  }, 60_000)
})
