import { randomBytes } from 'node:crypto'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createRequestHandler } from './http'
import { openTestApp, TEST_PASSWORD } from './testing'

/** The HTTP surface as a browser meets it: headers, cookies, CSRF, sessions, errors. */
describe('HTTP: security headers, CSRF, sessions', () => {
  let app: Awaited<ReturnType<typeof openTestApp>>
  let server: http.Server
  let base = ''
  beforeAll(async () => {
    app = await openTestApp(0.01)
    server = http.createServer(createRequestHandler({ deps: app.deps, csrfSecret: randomBytes(32) }))
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  }, 240_000)
  afterAll(async () => {
    server.closeAllConnections()
    server.close()
    await app.dispose()
  })

  const cookiesOf = (res: Response) =>
    Object.fromEntries(res.headers.getSetCookie().map((c) => c.split(';')[0]!.split('=') as [string, string]))
  const jar = (c: Record<string, string>) =>
    Object.entries(c)
      .map(([k, v]) => `${k}=${v}`)
      .join('; ')

  async function signIn(username: string) {
    const first = await fetch(`${base}/healthz`)
    const csrf = cookiesOf(first).ps_csrf!
    const res = await fetch(`${base}/trpc/auth.signIn`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: `ps_csrf=${csrf}`, 'x-csrf-token': csrf },
      body: JSON.stringify({ username, password: TEST_PASSWORD }),
    })
    expect(res.status).toBe(200)
    const set = res.headers.getSetCookie().find((c) => c.startsWith('ps_session='))!
    expect(set).toMatch(/HttpOnly/)
    expect(set).toMatch(/SameSite=Strict/)
    // The CSRF token is bound to the session: sign-in sends a fresh one.
    const fresh = cookiesOf(res).ps_csrf
    expect(fresh).toBeTruthy()
    expect(fresh).not.toBe(csrf)
    return { ps_csrf: fresh!, ps_session: cookiesOf(res).ps_session! }
  }

  it('sends CSP with frame-ancestors, nosniff and frame denial on every response', async () => {
    for (const path of ['/healthz', '/trpc/auth.me', '/nope']) {
      const res = await fetch(`${base}${path}`)
      expect(res.headers.get('content-security-policy')).toMatch(/frame-ancestors 'none'/)
      expect(res.headers.get('x-content-type-options')).toBe('nosniff')
      expect(res.headers.get('x-frame-options')).toBe('DENY')
    }
  })

  it('refuses a mutation whose CSRF header does not match the cookie', async () => {
    const c = await signIn('leader')
    const res = await fetch(`${base}/trpc/auth.signOut`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: jar(c), 'x-csrf-token': 'forged' },
      body: '{}',
    })
    expect(res.status).toBe(403)
  })

  it('ends the session on sign-out', async () => {
    const c = await signIn('analyst')
    const me = async () =>
      (await (await fetch(`${base}/trpc/auth.me`, { headers: { cookie: jar(c) } })).json()) as {
        result: { data: unknown }
      }
    expect((await me()).result.data).toMatchObject({ username: 'analyst' })
    const out = await fetch(`${base}/trpc/auth.signOut`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: jar(c), 'x-csrf-token': c.ps_csrf },
      body: '{}',
    })
    expect(out.status).toBe(200)
    expect((await me()).result.data).toBeNull()
  })

  it('never leaks stack traces or SQL on a server error', async () => {
    const c = await signIn('leader')
    // An engine whose every query fails, with SQL in the message.
    const broken = {
      ...app.deps,
      semantic: {
        ...app.deps.semantic,
        load: async () => Promise.reject(new Error('SELECT secret FROM t FINAL')),
      },
    }
    const s2 = http.createServer(createRequestHandler({ deps: broken, csrfSecret: randomBytes(32) }))
    await new Promise<void>((r) => s2.listen(0, '127.0.0.1', r))
    const res = await fetch(
      `http://127.0.0.1:${(s2.address() as AddressInfo).port}/trpc/scorecard.get?input=${encodeURIComponent('{"year":2024}')}`,
      {
        headers: { cookie: jar(c) },
      },
    )
    const text = await res.text()
    s2.closeAllConnections()
    s2.close()
    expect(res.status).toBe(500)
    expect(text).toContain('服务内部错误')
    expect(text).not.toMatch(/SELECT|secret|at .*\.ts/)
  })
})
