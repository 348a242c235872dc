import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sharedSecret } from './secrets'
import type { MetaStore } from './store'
import { openTempMetaStore } from './testing/temp-store'

describe('shared secrets', () => {
  let store: MetaStore
  beforeAll(async () => {
    store = await openTempMetaStore()
  }, 60_000)
  afterAll(async () => {
    await store?.close()
  })

  it('the first caller creates the key; every later caller, on any instance, reads the same one', async () => {
    const [a, b] = await Promise.all([
      sharedSecret(store.db, 'k1', { bytes: 32 }),
      sharedSecret(store.db, 'k1', { bytes: 32 }),
    ])
    expect(a).toHaveLength(32)
    expect(b.equals(a)).toBe(true)
    expect((await sharedSecret(store.db, 'k1', { bytes: 32, initial: randomBytes(32) })).equals(a)).toBe(true)
    expect((await sharedSecret(store.db, 'k2', { bytes: 32 })).equals(a)).toBe(false)
  })

  it('an older key is kept when it is long enough, replaced by a random one when not', async () => {
    const old = randomBytes(48)
    expect((await sharedSecret(store.db, 'k3', { bytes: 32, initial: old })).equals(old)).toBe(true)
    const short = randomBytes(8)
    const made = await sharedSecret(store.db, 'k4', { bytes: 32, initial: short })
    expect(made).toHaveLength(32)
    expect(made.equals(short)).toBe(false)
  })
})
