import type http from 'node:http'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { MetaStore } from '../../../meta/store'
import { openTempMetaStore } from '../../../meta/testing/temp-store'
import { clientAddress, throttleAddress } from './client-address'
import { type Attempt, backoffMs, DEFAULT_RULES, LoginThrottle, type Refusal } from './throttle'

const T0 = 1_700_000_000_000
const rule = DEFAULT_RULES.account
const ok = async (p: Promise<Attempt | Refusal>): Promise<Attempt> => {
  const r = await p
  if (!r.ok) throw new Error(`refused for ${r.retryAfterSeconds} s`)
  return r
}
const waitOf = async (p: Promise<Attempt | Refusal>) => {
  const r = await p
  return r.ok ? 0 : r.retryAfterSeconds
}
const okOf = async (p: Promise<Attempt | Refusal>) => (await p).ok

describe('throttle math (kept in the metadata store)', () => {
  let store: MetaStore
  let t: LoginThrottle
  beforeAll(async () => {
    store = await openTempMetaStore()
  }, 60_000)
  afterAll(async () => {
    await store?.close()
  })
  beforeEach(async () => {
    await store.db.deleteFrom('signin_throttles').execute()
    await store.db.deleteFrom('signin_known_addresses').execute()
    t = new LoginThrottle(store.db)
  })

  it('back-off: free allowance, then 1 s, 2 s, 4 s … capped at 15 min', () => {
    expect([0, 4].map((n) => backoffMs(rule, n))).toEqual([0, 0])
    expect([5, 6, 7, 8].map((n) => backoffMs(rule, n))).toEqual([1000, 2000, 4000, 8000])
    expect(backoffMs(rule, 15)).toBe(15 * 60_000)
    expect(backoffMs(rule, 10_000)).toBe(15 * 60_000)
  })

  it('counts reservations before any outcome: 30 at once from one address → 5 pass', async () => {
    const results = await Promise.all(Array.from({ length: 30 }, () => t.begin('leader', '10.0.0.1', T0)))
    expect(results.filter((r) => r.ok)).toHaveLength(5)
    expect(results.filter((r) => !r.ok).map((r) => (r.ok ? 0 : r.retryAfterSeconds))).toEqual(
      Array(25).fill(1),
    )
  })

  it('two app instances (two throttles on one store) share the count; a restart forgets nothing', async () => {
    const other = new LoginThrottle(store.db)
    for (let i = 0; i < 3; i++) await (await ok(t.begin('leader', '10.0.0.1', T0))).fail(T0)
    for (let i = 0; i < 2; i++) await (await ok(other.begin('leader', '10.0.0.1', T0))).fail(T0)
    expect(await waitOf(other.begin('leader', '10.0.0.1', T0))).toBe(1)
    expect(await waitOf(new LoginThrottle(store.db).begin('leader', '10.0.0.1', T0))).toBe(1)
  })

  it('an attempt that began later but locked first does not make an earlier one wait', async () => {
    await (await ok(t.begin('leader', '10.0.0.1', T0 + 5))).fail(T0 + 5)
    expect(await okOf(t.begin('analyst', '10.0.0.1', T0))).toBe(true)
  })

  it('the wait runs from the failure, not from the reservation (slow parallel checks)', async () => {
    const held = await Promise.all(Array.from({ length: 5 }, () => ok(t.begin('leader', '10.0.0.1', T0))))
    for (const a of held) await a.fail(T0 + 3000)
    expect(await waitOf(t.begin('leader', '10.0.0.1', T0 + 3500))).toBe(1)
    expect(await okOf(t.begin('leader', '10.0.0.1', T0 + 4000))).toBe(true)
  })

  it('waits grow exponentially per (user, address) and reach the cap', async () => {
    let now = T0
    const waits: number[] = []
    for (let i = 0; i < 16; i++) {
      await (await ok(t.begin('leader', '10.0.0.1', now))).fail(now)
      const r = await t.begin('leader', '10.0.0.1', now)
      if (r.ok) await r.release()
      const wait = r.ok ? 0 : r.retryAfterSeconds
      waits.push(wait)
      now += wait * 1000
    }
    expect(waits.slice(0, 8)).toEqual([0, 0, 0, 0, 1, 2, 4, 8])
    expect(waits.at(-1)).toBe(900)
  })

  it('a success refunds and clears (user, address); other users at the address are unaffected', async () => {
    for (let i = 0; i < 4; i++) await (await ok(t.begin('leader', '10.0.0.1', T0))).fail(T0)
    await (await ok(t.begin('leader', '10.0.0.1', T0))).succeed(T0)
    for (let i = 0; i < 4; i++) await (await ok(t.begin('leader', '10.0.0.1', T0))).fail(T0)
    expect(await okOf(t.begin('analyst', '10.0.0.1', T0))).toBe(true)
  })

  it('a check that could not be made is refunded', async () => {
    for (let i = 0; i < 20; i++) await (await ok(t.begin('leader', '10.0.0.1', T0))).release()
    expect(await t.size()).toBe(0)
  })

  it('the address alone has a larger allowance (an office behind one proxy)', async () => {
    for (let i = 0; i < 50; i++) await (await ok(t.begin(`user${i}`, '10.0.0.1', T0))).fail(T0)
    expect(await waitOf(t.begin('someone-else', '10.0.0.1', T0))).toBe(1)
    expect(await okOf(t.begin('someone-else', '10.0.0.2', T0))).toBe(true)
  })

  it('an attack from elsewhere delays the owner briefly on a new address, not at all on a usual one', async () => {
    await (await ok(t.begin('leader', '10.9.9.9', T0))).succeed(T0) // the owner's usual address
    // Many attacker addresses taking turns: each address locks, the username alone backs off.
    let now = T0
    let guesses = 0
    for (let i = 0; i < 400; i++) {
      const r = await t.begin('leader', `203.0.113.${i % 40}`, now)
      if (r.ok) {
        await r.fail(now)
        guesses++
      } else now += 100
    }
    expect(guesses).toBeLessThan(40)
    expect(await okOf(t.begin('leader', '10.9.9.9', now))).toBe(true)
    const elsewhere = await waitOf(t.begin('leader', '198.51.100.1', now))
    expect(elsewhere).toBeGreaterThan(0)
    expect(elsewhere).toBeLessThanOrEqual(DEFAULT_RULES.user.maxMs / 1000)
    expect(await okOf(t.begin('leader', '198.51.100.1', now + elsewhere * 1000))).toBe(true)
  })

  it('forgets a key once its back-off ended plus the quiet period; sweeps delete forgotten keys', async () => {
    for (let i = 0; i < 5; i++) await (await ok(t.begin('leader', '10.0.0.1', T0))).fail(T0)
    expect(await waitOf(t.begin('leader', '10.0.0.1', T0))).toBe(1)
    expect(await okOf(t.begin('leader', '10.0.0.1', T0 + 1000 + rule.forgetMs + 1))).toBe(true)
    for (let i = 0; i < 300; i++)
      await (await ok(t.begin(`u${i}`, `10.1.${i >> 8}.${i & 255}`, T0 + i))).fail(T0 + i)
    expect(await t.size()).toBeGreaterThan(300)
    await t.sweep(T0 + 24 * 3600_000)
    expect(await t.size()).toBe(0)
  })
})

describe('client address', () => {
  const req = (remote: string, headers: Record<string, string> = {}) =>
    ({ socket: { remoteAddress: remote }, headers }) as unknown as http.IncomingMessage
  it('is the socket peer unless a trusted proxy header is configured', () => {
    expect(clientAddress(req('::ffff:10.0.0.5', { 'x-forwarded-for': '1.2.3.4' }), {})).toBe('10.0.0.5')
  })
  it('takes the right-most entry the trusted proxy appended; falls back when malformed', () => {
    const cfg = { trustedProxyHeader: 'x-forwarded-for' }
    expect(clientAddress(req('10.0.0.5', { 'x-forwarded-for': '6.6.6.6, 198.51.100.7' }), cfg)).toBe(
      '198.51.100.7',
    )
    expect(clientAddress(req('10.0.0.5', { 'x-forwarded-for': '[2001:db8::1]:443' }), cfg)).toBe(
      '2001:db8::1',
    )
    expect(clientAddress(req('10.0.0.5', { 'x-forwarded-for': '1.2.3.4, evil' }), cfg)).toBe('10.0.0.5')
    expect(clientAddress(req('10.0.0.5'), cfg)).toBe('10.0.0.5')
  })
  it('throttles IPv6 by /64', () => {
    expect(throttleAddress('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64')
    expect(throttleAddress('2001:db8:1:2:bbbb:cc:dd:ee')).toBe('2001:db8:1:2::/64')
    expect(throttleAddress('::1')).toBe('0:0:0:0::/64')
    expect(throttleAddress('::ffff:10.0.0.1')).toBe('10.0.0.1')
  })
})
