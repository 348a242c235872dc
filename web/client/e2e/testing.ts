import { type ChildProcess, execFile, spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { SERVER_NODE_FLAGS } from '../../../app/node-flags'

/** Server side of the browser tests: build the client once, run the real server on a fresh DATA_DIR. */
export const ROOT = path.resolve(import.meta.dirname, '../../..')
export const ARTIFACTS = path.join(ROOT, 'test-artifacts')
export const SCREENSHOTS = path.join(ARTIFACTS, 'screenshots')
export const PASSWORD = 'Demo-pass-2025'
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

export async function buildClient(outDir: string): Promise<void> {
  await promisify(execFile)(path.join(ROOT, 'node_modules/.bin/vite'), ['build', '--logLevel', 'warn'], {
    cwd: ROOT,
    env: { ...process.env, CLIENT_DIR: outDir },
  })
}

export interface Server {
  url: string
  dataDir: string
  child: ChildProcess
  log: () => string
  /** Ends the server (SIGTERM, then SIGKILL after 5 s) and removes its DATA_DIR unless kept. */
  stop: (opts?: { keepData?: boolean }) => Promise<void>
}

/**
 * `node --import tsx app/main.ts` with small demo data; resolves when ready. On a copy of
 * `template` (a DATA_DIR a server already loaded and left) when given — the same state
 * without loading the demo again — else on a fresh DATA_DIR.
 */
export async function startServer(
  clientDir: string,
  template?: string,
  /** More environment for this server only (never through process.env: test files share a process). */
  extraEnv: Record<string, string> = {},
  timeoutMs = 300_000,
): Promise<Server> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'scorecard-browser-'))
  if (template) fs.cpSync(template, dataDir, { recursive: true })
  const child = spawn(process.execPath, [...SERVER_NODE_FLAGS, '--import', 'tsx', 'app/main.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATA_DIR: dataDir,
      CLIENT_DIR: clientDir,
      PORT: '0',
      DEMO_SCALE: '0.02',
      DEMO_PASSWORD: PASSWORD,
      LOG_LEVEL: 'warn',
      ...extraEnv,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  child.stdout?.on('data', (c: Buffer) => {
    out += c.toString()
  })
  child.stderr?.on('data', (c: Buffer) => {
    out += c.toString()
  })
  const exited = new Promise<never>((_, reject) =>
    child.on('exit', (code) => reject(new Error(`server exited with ${code}:\n${out}`))),
  )
  const ready = (async () => {
    const deadline = Date.now() + timeoutMs
    let url: string | undefined
    while (Date.now() < deadline) {
      url ??= /(http:\/\/\S+?)\/?\s/.exec(out)?.[1]?.replace('//localhost:', '//127.0.0.1:')
      if (url) {
        const health = (await fetch(`${url}/healthz`)
          .then((r) => r.json())
          .catch(() => null)) as { data?: { state: string } } | null
        if (health?.data?.state === 'ready') return url
        if (health?.data?.state === 'failed') throw new Error(`demo data failed to load:\n${out}`)
      }
      await new Promise((r) => setTimeout(r, 500))
    }
    throw new Error(`server not ready within ${timeoutMs} ms:\n${out}`)
  })()
  exited.catch(() => {})
  let url: string
  try {
    url = await Promise.race([ready, exited])
  } catch (err) {
    // A server that never got ready must not outlive the run (it would load the machine).
    if (child.exitCode === null) child.kill('SIGKILL')
    fs.rmSync(dataDir, { recursive: true, force: true })
    throw err
  }
  return {
    url,
    dataDir,
    child,
    log: () => out,
    stop: async ({ keepData = false } = {}) => {
      if (child.exitCode === null) {
        const gone = new Promise((r) => child.once('exit', r))
        child.kill('SIGTERM')
        await Promise.race([gone, new Promise((r) => setTimeout(r, 5000))])
        if (child.exitCode === null) child.kill('SIGKILL')
      }
      if (!keepData) fs.rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

/**
 * Fails fast, with a reason, when a fresh session does not survive its first request
 * (otherwise every browser step would time out on the sign-in page).
 */
export async function assertSessionsWork(url: string, username: string): Promise<void> {
  const first = await fetch(`${url}/healthz`)
  const csrf = /ps_csrf=([^;]+)/.exec(first.headers.get('set-cookie') ?? '')?.[1] ?? ''
  const signIn = await fetch(`${url}/trpc/auth.signIn`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-csrf-token': csrf, cookie: `ps_csrf=${csrf}` },
    body: JSON.stringify({ username, password: PASSWORD }),
  })
  if (!signIn.ok)
    throw new Error(`auth.signIn as ${username} failed: ${signIn.status} ${await signIn.text()}`)
  const session = /ps_session=([^;]+)/.exec(signIn.headers.get('set-cookie') ?? '')?.[1] ?? ''
  const me = await fetch(`${url}/trpc/auth.me`, {
    headers: { cookie: `ps_csrf=${csrf}; ps_session=${session}` },
  })
  const body = (await me.json()) as { result?: { data: unknown } }
  if (!body.result?.data) {
    throw new Error(
      `auth.me is null right after auth.signIn as ${username}: the server drops new sessions ` +
        '(sessions.created_at vs users.password_changed_at are written in different time zones?)',
    )
  }
}
