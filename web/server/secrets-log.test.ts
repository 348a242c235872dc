import { type ChildProcess, spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { openMetaStore } from '../../meta/store'
import { httpClient, type Jar } from './http.testing'

const root = path.resolve(import.meta.dirname, '../..')

// Distinctive values, so finding one in the logs cannot be a coincidence.
const SECRETS = {
  ADMIN_PASSWORD: 'Adm1n-Zq8Xv-SecretValue',
  DEMO_PASSWORD: 'Dem0-Kp3Wy-SecretValue',
  CLICKHOUSE_PASSWORD: 'Ch-Rt7Lm-SecretValue',
}
const WRONG_PASSWORD = 'Wr0ng-Gs5Nd-SecretValue'
const NEW_PASSWORD = 'N3w-Ux4Tt-SecretValue'
const RESET_PASSWORD = 'Rst-Pw9Qs-SecretValue'

/**
 * The real server (npm start's entry point) with every log line it writes captured:
 * sign-ins that succeed and fail, password changes, an engine error. No password, session
 * token, CSRF token or password hash may appear in what it printed.
 */
/** The server as `npm start` runs it, every byte it prints on stdout and stderr collected. */
function startServer(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'app/main.ts'], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const out = { text: '' }
  const collect = (c: Buffer) => {
    out.text += c.toString()
  }
  child.stdout!.on('data', collect)
  child.stderr!.on('data', collect)
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  return { child, out, exited }
}

const expectAbsent = (logs: string, secrets: Record<string, string>) => {
  for (const [name, value] of Object.entries(secrets)) {
    expect(value.length, name).toBeGreaterThan(15)
    expect(logs.includes(value), `${name} appears in the server's output`).toBe(false)
  }
}

describe('secrets never reach the logs', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'scorecard-secrets-'))
  const children: ChildProcess[] = []
  afterAll(() => {
    for (const c of children) c.kill('SIGKILL')
    fs.rmSync(dataDir, { recursive: true, force: true })
  })

  it('signs in, fails, changes passwords, hits an error — and logs none of the secrets', async () => {
    // debug: the most the server can ever print (Cube's queries included).
    const server = startServer({
      ...SECRETS,
      DATA_DIR: dataDir,
      PORT: '0',
      DEMO_SCALE: '0.01',
      LOG_LEVEL: 'debug',
    })
    children.push(server.child)
    const logs = () => server.out.text
    const port = await waitFor(() => /http:\/\/[^/\s]+:(\d+)/.exec(logs())?.[1], 60_000, logs)
    const web = httpClient(`http://127.0.0.1:${port}`)
    await waitFor(
      async () => {
        const h = (await (await fetch(`${web.base}/healthz`)).json()) as { data?: { state: string } }
        if (h.data?.state === 'failed') throw new Error(`demo load failed:\n${logs()}`)
        return h.data?.state === 'ready' || undefined
      },
      90_000,
      logs,
    )

    const jars: Jar[] = []
    const admin = await web.session('admin', SECRETS.ADMIN_PASSWORD)
    jars.push(admin)
    const wrong = await web.signIn('leader', WRONG_PASSWORD)
    expect(wrong.res.status).toBe(401)
    jars.push(wrong.jar)
    const leader = await web.session('leader', SECRETS.DEMO_PASSWORD)
    jars.push(leader)
    const changed = await web.mutate(
      'auth.changePassword',
      { current: SECRETS.DEMO_PASSWORD, next: NEW_PASSWORD },
      leader,
    )
    expect(changed.status, changed.text).toBe(200)
    const again = await web.session('leader', NEW_PASSWORD)
    jars.push(again)
    const reset = await web.mutate(
      'admin.saveUser',
      { username: 'analyst', display_name: '数据分析员', role: 'analyst', password: RESET_PASSWORD },
      admin,
    )
    expect(reset.status, reset.text).toBe(200)
    jars.push(await web.session('analyst', RESET_PASSWORD))
    // A refused query: text in a number filter is the caller's mistake, answered with a 400.
    const failed = await web.query(
      'explore.run',
      {
        measures: ['application_kpis.applications'],
        filters: [{ member: 'application_kpis.applications', operator: 'gt', values: ['not-a-number'] }],
      },
      again,
    )
    expect(failed.status, failed.text).toBe(400)
    expect(failed.text).toContain('应为数字')

    server.child.kill('SIGTERM')
    expect(await server.exited).toBe(0)

    // The stored hashes, read once the server has let go of the metadata store in DATA_DIR/meta.
    const meta = await openMetaStore({ dataDir })
    const hashes = (await meta.db.selectFrom('users').select('password_hash').distinct().execute()).map(
      (r) => r.password_hash,
    )
    await meta.close()
    expect(hashes.length).toBeGreaterThan(3)

    const tokens = jars.flatMap((j) => [j.ps_csrf, ...(j.ps_session ? [j.ps_session] : [])])
    const secrets = {
      ...SECRETS,
      WRONG_PASSWORD,
      NEW_PASSWORD,
      RESET_PASSWORD,
      ...Object.fromEntries(tokens.map((t, i) => [`token ${i}`, t])),
      ...Object.fromEntries(
        tokens.map((t, i) => [`token hash ${i}`, createHash('sha256').update(t).digest('hex')]),
      ),
      ...Object.fromEntries(
        hashes.flatMap((h, i) => [
          [`hash ${i}`, h],
          [`hash ${i} digest`, h.split('$')[5]!],
        ]),
      ),
    }
    expect(logs().length).toBeGreaterThan(1000)
    expectAbsent(logs(), secrets)
    expect(logs()).not.toMatch(/scrypt\$/)
    expect(fs.readFileSync(path.join(dataDir, 'demo-accounts.json'), 'utf8')).not.toContain(
      SECRETS.DEMO_PASSWORD,
    )
  }, 180_000)

  it('server mode: the ClickHouse password, in the URL or on its own, is not printed when it is unreachable', async () => {
    const urlPassword = 'UrlPw-Hj6Re-SecretValue'
    const server = startServer({
      DATA_DIR: fs.mkdtempSync(path.join(dataDir, 'server-')),
      PORT: '0',
      LOG_LEVEL: 'debug',
      // Port 9 (discard) is closed here: every connection attempt fails and is reported.
      CLICKHOUSE_URL: `http://scorecard:${urlPassword}@127.0.0.1:9`,
      CLICKHOUSE_PASSWORD: SECRETS.CLICKHOUSE_PASSWORD,
    })
    children.push(server.child)
    const logs = () => server.out.text
    // Whether it waits for the warehouse or gives up, it reports the failure; then look.
    let exited = false
    void server.exited.then(() => {
      exited = true
    })
    // Start-up on a busy machine (PGlite, the Cube compiler) can take a while: this is no timing test.
    await waitFor(() => exited || /ECONNREFUSED/.test(logs()) || undefined, 90_000, logs)
    server.child.kill('SIGTERM')
    await server.exited
    expect(logs()).toMatch(/ECONNREFUSED/)
    expectAbsent(logs(), { urlPassword, CLICKHOUSE_PASSWORD: SECRETS.CLICKHOUSE_PASSWORD })
  }, 120_000)
})

async function waitFor<T>(
  probe: () => T | undefined | Promise<T | undefined>,
  timeoutMs: number,
  context: () => string,
): Promise<T> {
  const until = Date.now() + timeoutMs
  for (;;) {
    const v = await Promise.resolve(probe()).catch((err: unknown) => {
      if (err instanceof Error && err.message.startsWith('demo load failed')) throw err
      return undefined
    })
    if (v !== undefined) return v
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms:\n${context().slice(-4000)}`)
    await new Promise((r) => setTimeout(r, 250))
  }
}
