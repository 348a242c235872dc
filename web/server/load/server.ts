import { type ChildProcess, spawn } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { SERVER_NODE_FLAGS } from '../../../app/node-flags'

/** The real server (`node --import tsx app/main.ts`) as a child process, for the load test. */
const ROOT = path.resolve(import.meta.dirname, '../../..')

export interface ServerOptions {
  scale: number
  password: string
  /** The parent's environment, passed in (only test files may read process.env). */
  env: NodeJS.ProcessEnv
  readyTimeoutMs: number
  progress: (m: string) => void
  /** Extra Node flags for the server, e.g. `--cpu-prof --cpu-prof-dir=…` to profile it under load. */
  nodeArgs?: string[]
}

export interface RunningServer {
  url: string
  pid: number
  dataDir: string
  child: ChildProcess
  /** The last 64 kB of the server's stdout and stderr, for failure messages. */
  output: () => string
  /** SIGTERM, then wait for the exit (SIGKILL after 20 s); removes the data directory. */
  stop: () => Promise<{ code: number | null; signal: string | null; ms: number }>
}

/** A port nobody listens on now: bind port 0, read what the kernel chose, release it. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer()
    s.once('error', reject)
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port
      s.close(() => resolve(port))
    })
  })
}

export async function startServer(opts: ServerOptions): Promise<RunningServer> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'scorecard-load-'))
  const port = await freePort()
  const child = spawn(
    process.execPath,
    [...SERVER_NODE_FLAGS, ...(opts.nodeArgs ?? []), '--import', 'tsx', 'app/main.ts'],
    {
      cwd: ROOT,
      env: {
        ...opts.env,
        DATA_DIR: dataDir,
        PORT: String(port),
        HOST: '127.0.0.1',
        DEMO_DATA: 'auto',
        DEMO_SCALE: String(opts.scale),
        DEMO_PASSWORD: opts.password,
        // Empty means unset (warehouse/env.ts): the embedded engine, no scheduled sources.
        CLICKHOUSE_URL: '',
        SOURCES_FILE: '',
        ADMIN_PASSWORD: '',
        // Procedure failures are logged at error level; info would log every load step.
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  )
  let out = ''
  const keep = (c: Buffer) => {
    out = (out + c.toString()).slice(-65_536)
  }
  child.stdout?.on('data', keep)
  child.stderr?.on('data', keep)
  const exit = new Promise<{ code: number | null; signal: string | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  )
  const url = `http://127.0.0.1:${port}`
  const server: RunningServer = {
    url,
    pid: child.pid!,
    dataDir,
    child,
    output: () => out,
    stop: async () => {
      const t0 = Date.now()
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM')
      const killer = setTimeout(() => child.kill('SIGKILL'), 20_000)
      const result = await exit
      clearTimeout(killer)
      fs.rmSync(dataDir, { recursive: true, force: true })
      return { ...result, ms: Date.now() - t0 }
    },
  }
  try {
    await waitReady(server, exit, opts)
  } catch (err) {
    await server.stop()
    throw err
  }
  return server
}

/** Polls /healthz until the demo data is loaded (`data.state` = ready), reporting its progress. */
async function waitReady(
  server: RunningServer,
  exit: Promise<{ code: number | null }>,
  opts: ServerOptions,
): Promise<void> {
  let exited: { code: number | null } | undefined
  void exit.then((e) => {
    exited = e
  })
  const deadline = Date.now() + opts.readyTimeoutMs
  let last = ''
  while (Date.now() < deadline) {
    if (exited) throw new Error(`server exited with ${exited.code} before ready:\n${server.output()}`)
    const health = (await fetch(`${server.url}/healthz`)
      .then((r) => r.json())
      .catch(() => null)) as { data?: { state: string; message: string } } | null
    const state = health?.data?.state
    if (state === 'ready') return
    if (state === 'failed') throw new Error(`demo data failed to load: ${health?.data?.message}`)
    const message = health?.data?.message ?? 'not listening yet'
    if (message !== last) opts.progress(`server: ${message}`)
    last = message
    await new Promise((r) => setTimeout(r, 1000))
  }
  throw new Error(`server not ready within ${opts.readyTimeoutMs} ms:\n${server.output()}`)
}

/** Resident memory of a process in MB, from /proc (Linux); null once it has gone. */
export function rssMb(pid: number): number | null {
  try {
    const m = /^VmRSS:\s+(\d+)\s+kB/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))
    return m ? Number(m[1]) / 1024 : null
  } catch {
    return null
  }
}

export interface RssSample {
  /** Seconds since sampling began. */
  t: number
  mb: number
}

/** Samples a process's RSS every `everyMs` until stopped. */
export function sampleRss(pid: number, everyMs: number): { stop: () => RssSample[] } {
  const t0 = Date.now()
  const samples: RssSample[] = []
  const take = () => {
    const mb = rssMb(pid)
    if (mb !== null) samples.push({ t: (Date.now() - t0) / 1000, mb })
  }
  take()
  const timer = setInterval(take, everyMs)
  return {
    stop: () => {
      clearInterval(timer)
      take()
      return samples
    },
  }
}
