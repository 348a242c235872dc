import { createHash } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { listMetaMigrations, migrateMeta } from '../migrate'
import { type MetaStore, openMetaStore } from '../store'

/**
 * A migrated metadata store for a test: embedded and in memory by default (nothing on
 * disk), or the given PostgreSQL database.
 *
 * A fresh embedded cluster costs an initdb inside WASM (4–6 s on 2 busy cores), so the
 * first test process to need one migrates it and leaves a dump in the temp dir, keyed by
 * the migrations; later ones load that dump (~1.5 s).
 */
export async function openTempMetaStore(databaseUrl?: string): Promise<MetaStore> {
  if (databaseUrl) {
    const store = await openMetaStore({ dataDir: '', databaseUrl })
    await migrateMeta(store.db)
    return store
  }
  const file = templateFile()
  if (fs.existsSync(file)) {
    const template = new Blob([fs.readFileSync(file)])
    const store = await openMetaStore({ dataDir: '', inMemory: true, template })
    await migrateMeta(store.db) // a no-op, unless the template is stale
    return store
  }
  const store = await openMetaStore({ dataDir: '', inMemory: true })
  await migrateMeta(store.db)
  if (store.dump) {
    const tmp = `${file}.${process.pid}.tmp`
    fs.writeFileSync(tmp, Buffer.from(await (await store.dump()).arrayBuffer()))
    fs.renameSync(tmp, file)
  }
  return store
}

function templateFile(): string {
  const h = createHash('sha256')
  for (const m of listMetaMigrations()) h.update(`${m.version}:${m.checksum}\n`)
  const pkg = JSON.parse(
    fs.readFileSync(path.join(process.cwd(), 'node_modules/@electric-sql/pglite/package.json'), 'utf8'),
  ) as { version: string }
  h.update(pkg.version)
  return path.join(os.tmpdir(), `plan-scorecard-meta-template-${h.digest('hex').slice(0, 16)}.tar`)
}
