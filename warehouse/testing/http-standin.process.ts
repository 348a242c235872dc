import { type ChildProcess, spawn } from 'node:child_process'
import path from 'node:path'

/**
 * The ClickHouse HTTP stand-in (the real engine, chDB, behind a reimplementation of the
 * HTTP interface — not clickhouse-server) as a child process a test can kill and bring back.
 * Loads no chDB into the calling process.
 */
export interface StandinProcess {
  readonly url: string
  readonly port: number
  readonly dataDir: string
  readonly pid: number | undefined
  /** SIGKILL: the server vanishes mid-whatever, as a crashed or unplugged one does. */
  kill(): Promise<void>
  /** Starts it again on the same data directory and port. */
  restart(): Promise<void>
  /** SIGTERM, then SIGKILL if it lingers. */
  stop(): Promise<void>
  output(): string
}

const ROOT = path.resolve(import.meta.dirname, '../..')
const CLI = path.join(ROOT, 'warehouse/testing/http-standin.cli.ts')

function launch(
  args: string[],
  timeoutMs: number,
): Promise<{ child: ChildProcess; url: string; log: string[] }> {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const log: string[] = []
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`stand-in not listening within ${timeoutMs} ms:\n${log.join('')}`))
    }, timeoutMs)
    child.stdout!.on('data', (c: Buffer) => {
      log.push(c.toString())
      const m = /listening on (http:\/\/\S+)/.exec(log.join(''))
      if (m) {
        clearTimeout(timer)
        resolve({ child, url: m[1]!, log })
      }
    })
    child.stderr!.on('data', (c: Buffer) => log.push(c.toString()))
    child.once('exit', (code, signal) => {
      clearTimeout(timer)
      reject(new Error(`stand-in exited (${code ?? signal}) before listening:\n${log.join('')}`))
    })
  })
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve()
  return new Promise((resolve) => child.once('exit', () => resolve()))
}

export async function spawnStandin(opts: {
  dataDir: string
  port?: number
  user: string
  password: string
  timeoutMs?: number
}): Promise<StandinProcess> {
  const timeoutMs = opts.timeoutMs ?? 30_000
  const args = (port: number) => [
    '--data-dir',
    opts.dataDir,
    '--port',
    String(port),
    '--user',
    opts.user,
    '--password',
    opts.password,
  ]
  let current = await launch(args(opts.port ?? 0), timeoutMs)
  const port = Number(new URL(current.url).port)
  const logs = [current.log]
  return {
    url: current.url,
    port,
    dataDir: opts.dataDir,
    get pid() {
      return current.child.pid
    },
    kill: async () => {
      current.child.kill('SIGKILL')
      await exited(current.child)
    },
    restart: async () => {
      current = await launch(args(port), timeoutMs)
      logs.push(current.log)
    },
    stop: async () => {
      const child = current.child
      if (child.exitCode !== null || child.signalCode !== null) return
      child.kill('SIGTERM')
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000)
      await exited(child)
      clearTimeout(timer)
    },
    output: () => logs.map((l) => l.join('')).join('\n--- restart ---\n'),
  }
}
