import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { MetaStore } from '../../../meta/store'
import { openTempMetaStore } from '../../../meta/testing/temp-store'
import { verifyPassword } from './password'
import { ensureFirstAdmin } from './seed'
import { findUser } from './users.store'

describe('first admin', () => {
  let store: MetaStore
  beforeAll(async () => {
    store = await openTempMetaStore()
  }, 60_000)
  afterAll(async () => {
    await store?.close()
  })

  it('two instances starting at once create one admin, audit it once and print one password', async () => {
    const printed: string[] = []
    const config = { adminPassword: undefined, demoPassword: undefined, warehouse: { dataDir: '' } }
    await Promise.all([
      ensureFirstAdmin(store.db, config as never, (m) => printed.push(m)),
      ensureFirstAdmin(store.db, config as never, (m) => printed.push(m)),
    ])
    expect(printed).toHaveLength(1)
    const entries = await store.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'user_created')
      .where('target', '=', 'admin')
      .execute()
    expect(entries).toHaveLength(1)
    const password = /admin \/ (\S+)/.exec(printed[0]!)![1]!
    const admin = (await findUser(store.db, 'admin'))!
    expect(await verifyPassword(password, admin.password_hash)).toBe(true)
    // Later starts leave it alone.
    await ensureFirstAdmin(store.db, config as never, (m) => printed.push(m))
    expect(printed).toHaveLength(1)
  })
})
