import { type ChildProcess, spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Figure, recordFigures } from '../../../test/reliability/figures'
import type { Warehouse } from '../../../warehouse/client'
import { parseCookies } from '../cookies'
import { type Jar, serveApp } from '../http.testing'
import { openTestApp, TEST_PASSWORD } from '../testing'
import { postBody, rawRequest, rssMB, waitForUrl } from './edge.testing'

/**
 * Issue 11, the HTTP edge: requests that used to end the process or be buffered whole,
 * replayed against the real request handler, then the killers against `npm start` itself.
 */
const MB = 1024 * 1024
const rows: Array<{ case: string } & Record<string, Figure>> = []
const cookieHeader = (jar: Partial<Jar>) =>
  Object.entries(jar)
    .map(([k, v]) => `${k}=${v}`)
    .join('; ')
const statusOf = (raw: string) => Number(/^HTTP\/1\.1 (\d+)/.exec(raw)?.[1])

afterAll(() => {
  recordFigures('hostile-edge', {
    suite: 'hostile clients: the HTTP edge',
    rows,
    notes: [
      'In process: the request handler in the test process; npm start: a child process, its RSS from /proc.',
    ],
  })
})

describe('hostile clients: the HTTP edge', () => {
  let app: Awaited<ReturnType<typeof openTestApp>>
  let web: Awaited<ReturnType<typeof serveApp>>
  const alive = async () => expect((await fetch(`${web.base}/healthz`)).status).toBe(200)

  beforeAll(async () => {
    app = await openTestApp(0.01)
    web = await serveApp(app.deps, { csrfSecret: Buffer.alloc(32, 7) })
  }, 240_000)
  afterAll(async () => {
    web?.close()
    await app?.dispose()
  })

  it('ignores a malformed cookie instead of failing on it', async () => {
    expect(parseCookies('theme=100%; a=b%20c; q="x"')).toEqual({ theme: '100%', a: 'b c', q: 'x' })
    for (const path of ['/healthz', '/trpc/auth.me', '/nope']) {
      const res = await fetch(`${web.base}${path}`, { headers: { cookie: 'theme=100%; x=%E0%A4%A' } })
      expect(res.status).toBeLessThan(500)
      await res.arrayBuffer()
    }
    await alive()
  })

  it('answers 400 to a URL that does not parse', async () => {
    for (const target of ['//', '/trpc/auth.me%E0%A4%A']) {
      const raw = await rawRequest(web.base, `GET ${target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`)
      expect(statusOf(raw), target).toBe(400)
    }
    await alive()
  })

  it('refuses a 50 MB body with Content-Length at once, without keeping it', async () => {
    const before = process.memoryUsage.rss()
    const a = await postBody(`${web.base}/trpc/auth.signIn`, 50 * MB)
    const rssDelta = (process.memoryUsage.rss() - before) / MB
    expect(a.status).toBe(413)
    expect(JSON.parse(a.text).error.message).toMatch(/请求体过大/)
    expect(a.ms).toBeLessThan(5000)
    expect(rssDelta).toBeLessThan(40)
    // Announced with Expect: 100-continue, the body is refused before it is sent.
    const raw = await rawRequest(
      web.base,
      `POST /trpc/auth.signIn HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${50 * MB}\r\nExpect: 100-continue\r\n\r\n`,
    )
    expect(statusOf(raw)).toBe(413)
    expect(raw).not.toMatch(/100 Continue/)
    rows.push({
      case: 'in process: 50 MB body, Content-Length',
      sentMB: Math.round(a.sent / MB),
      status: a.status,
      ms: Math.round(a.ms),
      rssDeltaMB: Math.round(rssDelta),
    })
    await alive()
  })

  it('cuts off a chunked body at the limit; the upload route has its own, larger one', async () => {
    const jar = await web.csrf()
    const headers = { cookie: cookieHeader(jar), 'x-csrf-token': jar.ps_csrf }
    const before = process.memoryUsage.rss()
    const a = await postBody(`${web.base}/trpc/auth.signIn`, 5 * MB, { chunked: true, headers })
    expect(a.status).toBe(413)
    rows.push({
      case: 'in process: 5 MB chunked body',
      status: a.status,
      ms: Math.round(a.ms),
      rssDeltaMB: Math.round((process.memoryUsage.rss() - before) / MB),
    })
    // Files are no longer tRPC bodies: the upload limit does not apply there.
    const viaTrpc = await postBody(`${web.base}/trpc/ranking.uploadTargets`, 2 * MB, { headers })
    expect(viaTrpc.status).toBe(413)
    // 2 MB is over the request limit but within the upload limit: it reaches the access rule
    // (signed out: 401, the body unread).
    const uploadUrl = `${web.base}/files/ranking.uploadTargets`
    const file = { ...headers, 'content-type': 'application/octet-stream' }
    const upload = await postBody(uploadUrl, 2 * MB, { headers: file })
    expect(upload.status).toBe(401)
    const big = await postBody(uploadUrl, 21 * MB, { headers: file })
    expect(big.status).toBe(413)
    expect(JSON.parse(big.text).error.message).toMatch(/^上传文件过大，上限20 MB \(/)
    // Signed in and chunked (no size announced): cut off once past the limit, never kept whole.
    const ev = await web.session('evaluator')
    const evFile = {
      cookie: cookieHeader(ev),
      'x-csrf-token': ev.ps_csrf,
      'content-type': 'application/octet-stream',
    }
    const beforeStream = process.memoryUsage.rss()
    const streamed = await postBody(uploadUrl, 60 * MB, { chunked: true, headers: evFile })
    expect(streamed.status).toBe(413)
    rows.push({
      case: 'in process: 60 MB chunked upload, signed in',
      status: streamed.status,
      ms: Math.round(streamed.ms),
      rssDeltaMB: Math.round((process.memoryUsage.rss() - beforeStream) / MB),
    })
    // Announced with Expect: 100-continue, a refused upload is never asked for; an accepted
    // one is (the client here then sends nothing, and the exchange times out).
    const cases: Array<[string, Jar, Record<string, string>, number, number | null]> = [
      ['signed out', jar, { 'X-CSRF-Token': jar.ps_csrf }, MB, 401],
      ['no CSRF header', ev, {}, MB, 403],
      ['too large', ev, { 'X-CSRF-Token': ev.ps_csrf }, 21 * MB, 413],
      ['accepted', ev, { 'X-CSRF-Token': ev.ps_csrf }, MB, null],
    ]
    for (const [who, owner, extra, length, status] of cases) {
      const lines = [
        'POST /files/ranking.uploadTargets HTTP/1.1',
        'Host: x',
        `Cookie: ${cookieHeader(owner)}`,
        ...Object.entries(extra).map(([k, v]) => `${k}: ${v}`),
        'Content-Type: application/octet-stream',
        `Content-Length: ${length}`,
        'Expect: 100-continue',
      ]
      const raw = await rawRequest(web.base, `${lines.join('\r\n')}\r\n\r\n`, 1500)
      if (status === null) expect(raw, who).toMatch(/^HTTP\/1\.1 100 Continue/)
      else {
        expect(statusOf(raw), who).toBe(status)
        expect(raw, who).not.toMatch(/100 Continue/)
      }
    }
    await alive()
  })

  it('never batches sign-in: 40 attempts in one request, right password last, get no session', async () => {
    const jar = await web.csrf()
    const post = (paths: string[], passwords: string[]) =>
      fetch(`${web.base}/trpc/${paths.join(',')}?batch=1`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          cookie: cookieHeader(jar),
          'x-csrf-token': jar.ps_csrf,
        },
        body: JSON.stringify(
          Object.fromEntries(passwords.map((password, i) => [i, { username: 'leader', password }])),
        ),
      })
    const guesses = [...Array.from({ length: 39 }, (_, i) => `wrong-guess-${i}`), TEST_PASSWORD]
    for (const n of [40, 10, 2]) {
      const res = await post(Array(n).fill('auth.signIn'), guesses.slice(-n))
      expect(res.status).toBe(400)
      expect(res.headers.getSetCookie().some((c) => c.startsWith('ps_session='))).toBe(false)
      expect(await res.text()).toMatch(n > 10 ? /batch too large/ : /cannot be batched/)
    }
    const mixed = await post(['auth.me', 'auth.changePassword'], ['x', 'y'])
    expect(mixed.status).toBe(400)
    // Alone in a batch, the way the web client sends it, sign-in works.
    const alone = await post(['auth.signIn'], [TEST_PASSWORD])
    expect(alone.status).toBe(200)
    expect(alone.headers.getSetCookie().some((c) => c.startsWith('ps_session='))).toBe(true)
  })

  it('caps a batch at 10 calls', async () => {
    const get = (n: number) =>
      fetch(`${web.base}/trpc/${Array(n).fill('auth.me').join(',')}?batch=1&input={}`)
    expect((await get(10)).status).toBe(200)
    const res = await get(11)
    expect(res.status).toBe(400)
    expect(await res.text()).toMatch(/最多10个/)
  })

  it('binds the CSRF token to the session', async () => {
    const before = await web.csrf()
    const { jar: a } = await web.signIn('leader')
    const { jar: b } = await web.signIn('analyst')
    const signOut = (jar: Jar) => web.mutate('auth.signOut', {}, jar)
    // Another session's token, and the one from before sign-in, are refused.
    expect((await signOut({ ps_session: a.ps_session!, ps_csrf: b.ps_csrf })).status).toBe(403)
    expect((await signOut({ ps_session: a.ps_session!, ps_csrf: before.ps_csrf })).status).toBe(403)
    // A token forged without the server's key is refused even for the right session.
    const forged = `${a.ps_csrf.split('.')[0]}.${'A'.repeat(43)}`
    expect((await signOut({ ps_session: a.ps_session!, ps_csrf: forged })).status).toBe(403)
    expect(await web.me(a)).toMatchObject({ username: 'leader' })
    // Sign-out hands out a signed-out token, with which the next sign-in works (the web client's path).
    const out = await signOut(a)
    expect(out.status).toBe(200)
    const anon = out.setCookies
      .findLast((c) => c.startsWith('ps_csrf='))!
      .split(';')[0]!
      .slice(8)
    const again = await web.mutate(
      'auth.signIn',
      { username: 'leader', password: TEST_PASSWORD },
      { ps_csrf: anon },
    )
    expect(again.status).toBe(200)
  })

  it('answers a /healthz flood from at most one warehouse check per second', async () => {
    let checks = 0
    const wh = app.deps.wh
    const counted: Warehouse = {
      ...wh,
      query: ((...args: Parameters<Warehouse['query']>) => {
        checks++
        return wh.query(...args)
      }) as Warehouse['query'],
    }
    const flood = await serveApp({ ...app.deps, wh: counted }, { csrfSecret: Buffer.alloc(32, 7) })
    const t0 = performance.now()
    let answered = 0
    try {
      await Promise.all(
        Array.from({ length: 20 }, async () => {
          while (performance.now() - t0 < 2500) {
            const res = await fetch(`${flood.base}/healthz`)
            expect(res.status).toBe(200)
            await res.arrayBuffer()
            answered++
          }
        }),
      )
    } finally {
      flood.close()
    }
    const seconds = (performance.now() - t0) / 1000
    // checkWarehouse asks the warehouse three questions per check (the last: calendar years).
    const perSecond = checks / 3 / seconds
    rows.push({
      case: 'in process: /healthz flood, 20 clients',
      requests: answered,
      seconds: Math.round(seconds * 10) / 10,
      warehouseChecksPerSecond: Math.round(perSecond * 100) / 100,
    })
    expect(answered).toBeGreaterThan(100)
    expect(checks / 3).toBeLessThanOrEqual(Math.ceil(seconds) + 1)
  })

  it('answers 500 to what escapes a request, logs it, and serves the next one', async () => {
    const bootstrap = {
      get state(): string {
        throw new Error('boom')
      },
      message: '',
    }
    const broken = await serveApp(app.deps, { csrfSecret: Buffer.alloc(32, 7), bootstrap })
    try {
      const res = await fetch(`${broken.base}/healthz`)
      expect(res.status).toBe(500)
      expect(await res.text()).toMatch(/服务内部错误/)
      expect((await fetch(`${broken.base}/nope`)).status).toBe(404)
    } finally {
      broken.close()
    }
  })
})

describe('hostile clients: npm start outlives them', () => {
  const root = path.resolve(import.meta.dirname, '../../..')
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'scorecard-hostile-'))
  let child: ChildProcess | undefined
  afterAll(() => {
    child?.kill('SIGKILL')
    fs.rmSync(dataDir, { recursive: true, force: true })
  })

  it('stays up and healthy after each killer request and escaped error, with DATA_DIR closed to others', async () => {
    fs.chmodSync(dataDir, 0o755) // as an older version left it
    const fixture = 'web/server/hostile/escape-on-signal.ts'
    child = spawn(process.execPath, ['--import', 'tsx', '--import', `./${fixture}`, 'app/main.ts'], {
      cwd: root,
      env: { ...process.env, DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', DEMO_DATA: 'off' },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stderr = ''
    child.stderr?.on('data', (c: Buffer) => {
      stderr += c.toString()
    })
    const base = new URL(await waitForUrl(child, 90_000)).origin.replace('localhost', '127.0.0.1')
    const mode = (p: string) => (fs.statSync(path.join(dataDir, p)).mode & 0o777).toString(8)
    expect(mode('.')).toBe('700')
    expect(mode('meta')).toBe('700')

    const csrf = (await fetch(`${base}/healthz`)).headers.getSetCookie()[0]!.split(';')[0]!.slice(8)
    const killers: Array<[string, () => Promise<number | null>]> = [
      [
        'Cookie: theme=100%',
        // An unknown procedure: 404 whether or not the client is built (a built client answers / with 200).
        async () => (await fetch(`${base}/trpc/nope`, { headers: { cookie: 'theme=100%' } })).status,
      ],
      [
        'GET // HTTP/1.1',
        async () =>
          statusOf(await rawRequest(base, 'GET // HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n', 2000)),
      ],
      [
        'GET /%E0%A4%A',
        async () =>
          statusOf(
            await rawRequest(base, 'GET /%E0%A4%A HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n', 2000),
          ),
      ],
      [
        '50 MB body, Content-Length',
        async () => (await postBody(`${base}/trpc/auth.signIn`, 50 * MB)).status,
      ],
      [
        '5 MB chunked body',
        async () =>
          (
            await postBody(`${base}/trpc/auth.signIn`, 5 * MB, {
              chunked: true,
              headers: { cookie: `ps_csrf=${csrf}`, 'x-csrf-token': csrf },
            })
          ).status,
      ],
    ]
    for (const [name, send] of killers) {
      const rss0 = rssMB(child.pid!)
      const t0 = performance.now()
      const status = await send()
      const ms = performance.now() - t0
      const rss1 = rssMB(child.pid!)
      expect(status, name).toBeGreaterThanOrEqual(400)
      expect(status, name).toBeLessThan(500)
      expect(child.exitCode, name).toBeNull()
      expect((await fetch(`${base}/healthz`)).status, name).toBe(200)
      rows.push({
        case: `npm start: ${name}`,
        status,
        ms: Math.round(ms),
        rssDeltaMB: rss0 === null || rss1 === null ? null : Math.round(rss1 - rss0),
        alive: child.exitCode === null,
      })
    }
    // After start-up, what escapes a handler or a timer is logged and the process goes on.
    child.kill('SIGUSR2')
    await new Promise((r) => setTimeout(r, 500))
    expect(child.exitCode).toBeNull()
    expect((await fetch(`${base}/healthz`)).status).toBe(200)
    expect(stderr).toMatch(/unhandled rejection.*escaped rejection/)
    expect(stderr).toMatch(/uncaught exception.*escaped exception/)
  }, 180_000)
})
