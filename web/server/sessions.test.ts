import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { SessionStore } from './auth/sessions.store'
import { findUser, saveUser } from './auth/users.store'
import { type Jar, serveApp } from './http.testing'
import { openTestApp, TEST_PASSWORD } from './testing'

/** Sessions end when they should: at their TTL, on sign-out, password change, disabling. */
describe('sessions', () => {
  let app: Awaited<ReturnType<typeof openTestApp>>
  let web: Awaited<ReturnType<typeof serveApp>>
  const NEW_PASSWORD = 'Changed-pass-2026'

  beforeAll(async () => {
    app = await openTestApp(0.01)
    web = await serveApp(app.deps)
    // One account per scenario, so a changed password or a disabled account stays local to it.
    for (const username of [
      's_out',
      's_caller',
      's_http',
      's_reset',
      's_off',
      's_direct',
      's_role',
      's_ttl',
      's_purge',
    ]) {
      await app
        .caller('admin')
        .admin.saveUser({ username, display_name: username, role: 'analyst', password: TEST_PASSWORD })
    }
  }, 240_000)
  afterEach(() => {
    vi.useRealTimers()
  })
  afterAll(async () => {
    web?.close()
    await app?.dispose()
  })

  /** Whether the jar still works for data, not only for auth.me. */
  const canRead = async (jar: Jar) => (await web.query('reference.catalog', undefined, jar)).status === 200

  it('a session expires after its TTL, in the store and over HTTP (time moved, not waited for)', async () => {
    const ttl = 60_000
    const store = new SessionStore(app.deps.meta, ttl)
    const { token, expiresAt } = await store.create('s_ttl')
    expect(expiresAt.getTime() - Date.now()).toBeLessThanOrEqual(ttl)
    expect(await store.get(token)).toMatchObject({ username: 's_ttl' })
    const short = await serveApp({ ...app.deps, sessions: store })
    try {
      const jar = await short.session('s_ttl')
      expect(await short.me(jar)).toMatchObject({ username: 's_ttl' })
      vi.useFakeTimers({ toFake: ['Date'] })
      vi.setSystemTime(Date.now() + ttl - 5_000)
      expect(await short.me(jar)).toMatchObject({ username: 's_ttl' })
      vi.setSystemTime(Date.now() + 10_000)
      // The store and a second store on the same database both say: expired.
      expect(await store.get(token)).toBeNull()
      expect(await new SessionStore(app.deps.meta, ttl).get(token)).toBeNull()
      expect(await short.me(jar)).toBeNull()
      expect((await short.query('scorecard.get', { year: 2024 }, jar)).status).toBe(401)
    } finally {
      vi.useRealTimers()
      short.close()
    }
  })

  it('sign-out ends that session and no other, via the caller and over HTTP', async () => {
    const { sessions } = app.deps
    const a = await sessions.create('s_out')
    const b = await sessions.create('s_out')
    await app.caller(null, { sessionToken: a.token, user: await publicUser('s_out') }).auth.signOut()
    expect(await sessions.get(a.token)).toBeNull()
    expect(await sessions.get(b.token)).toMatchObject({ username: 's_out' })

    const one = await web.session('s_out')
    const two = await web.session('s_out')
    expect((await web.mutate('auth.signOut', {}, one)).status).toBe(200)
    expect(await web.me(one)).toBeNull()
    expect(await canRead(one)).toBe(false)
    expect(await web.me(two)).toMatchObject({ username: 's_out' })
  })

  it('a password change ends every session of that user (caller), not other users’', async () => {
    const { sessions } = app.deps
    const mine = [await sessions.create('s_caller'), await sessions.create('s_caller')]
    const someoneElse = await sessions.create('s_http')
    await app
      .caller(null, { sessionToken: mine[0]!.token, user: await publicUser('s_caller') })
      .auth.changePassword({ current: TEST_PASSWORD, next: NEW_PASSWORD })
    for (const s of mine) expect(await sessions.get(s.token)).toBeNull()
    expect(await sessions.get(someoneElse.token)).toMatchObject({ username: 's_http' })
  })

  it('a password change over HTTP ends the other cookie sessions too; only the new password signs in', async () => {
    const a = await web.session('s_http')
    const b = await web.session('s_http')
    const other = await web.session('leader')
    const res = await web.mutate('auth.changePassword', { current: TEST_PASSWORD, next: NEW_PASSWORD }, a)
    expect(res.status, res.text).toBe(200)
    expect(res.setCookies.some((c) => /^ps_session=;.*Max-Age=0/.test(c))).toBe(true)
    for (const jar of [a, b]) {
      expect(await web.me(jar)).toBeNull()
      expect(await canRead(jar)).toBe(false)
    }
    expect(await web.me(other)).toMatchObject({ username: 'leader' })
    expect((await web.signIn('s_http', TEST_PASSWORD)).res.status).toBe(401)
    const fresh = await web.session('s_http', NEW_PASSWORD)
    expect(await canRead(fresh)).toBe(true)
  })

  it('an admin resetting a password ends the user’s sessions', async () => {
    const jar = await web.session('s_reset')
    await app.caller('admin').admin.saveUser({
      username: 's_reset',
      display_name: 's_reset',
      role: 'analyst',
      password: NEW_PASSWORD,
    })
    expect(await web.me(jar)).toBeNull()
    expect(await canRead(jar)).toBe(false)
  })

  it('disabling an account ends its sessions and refuses its sign-in', async () => {
    const jar = await web.session('s_off')
    await app
      .caller('admin')
      .admin.saveUser({ username: 's_off', display_name: 's_off', role: 'analyst', disabled: true })
    expect(await web.me(jar)).toBeNull()
    expect(await canRead(jar)).toBe(false)
    expect((await web.signIn('s_off')).res.status).toBe(401)
  })

  it('a disabled flag written straight to the store is honoured on the next request', async () => {
    // No revocation here: every request re-reads the account, so a session cannot outlive it.
    const jar = await web.session('s_direct')
    const user = (await findUser(app.deps.meta, 's_direct'))!
    await saveUser(app.deps.meta, { ...user, disabled: true }, false)
    expect(await web.me(jar)).toBeNull()
    expect(await canRead(jar)).toBe(false)
  })

  it('a role change ends the sessions granted under the old role', async () => {
    const jar = await web.session('s_role')
    await app.caller('admin').admin.saveUser({
      username: 's_role',
      display_name: 's_role',
      role: 'department',
      dept_code: '11440306001',
    })
    expect(await web.me(jar)).toBeNull()
    const again = await web.session('s_role')
    expect(await web.me(again)).toMatchObject({ username: 's_role', role: 'department' })
  })

  it('purges sessions expired over a week ago every 200th sign-in, also inside a sign-in transaction', async () => {
    const store = new SessionStore(app.deps.meta, 3600_000)
    const old = await store.create('s_purge')
    // Expired long ago (written straight to the store), and one that expired only now.
    await app.deps.meta
      .updateTable('sessions')
      .set({
        created_at: new Date(Date.now() - 30 * 86400_000),
        expires_at: new Date(Date.now() - 20 * 86400_000),
      })
      .where('username', '=', 's_purge')
      .execute()
    const recent = await store.create('s_purge')
    const count = async () =>
      (
        await app.deps.meta
          .selectFrom('sessions')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('username', '=', 's_purge')
          .executeTakeFirstOrThrow()
      ).n
    expect(await count()).toBe(2)
    // The 200th create runs the purge on the transaction's own connection (the embedded
    // store has one: a purge through another would wait for ever).
    for (let i = 3; i <= 200; i++)
      await app.deps.meta.transaction().execute((trx) => store.create('s_purge', trx))
    expect(await count()).toBe(199)
    expect(await store.get(old.token)).toBeNull()
    expect(await store.get(recent.token)).toMatchObject({ username: 's_purge' })
  })

  async function publicUser(username: string) {
    const { password_hash: _, ...u } = (await findUser(app.deps.meta, username))!
    return { ...u, password_changed_at: Number(u.password_changed_at) }
  }
})
