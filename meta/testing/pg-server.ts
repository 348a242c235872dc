import { execFileSync, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'

/**
 * A throw-away PostgreSQL server for tests: Debian's `postgresql` package (installed by
 * `.ci/system-deps`), initdb'd in a temp dir on a free port, socket in that dir. PostgreSQL
 * refuses to run as root, so as root it runs as the `postgres` user (runuser).
 */
export const PG_BIN = '/usr/lib/postgresql/15/bin'

export function pgServerAvailable(): boolean {
  return fs.existsSync(path.join(PG_BIN, 'initdb')) && fs.existsSync(path.join(PG_BIN, 'pg_ctl'))
}

export interface PgServer {
  url: string
  port: number
  dir: string
  stop(): Promise<void>
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer()
    srv.unref()
    srv.on('error', reject)
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo
      srv.close(() => resolve(port))
    })
  })
}

export async function startPgServer(): Promise<PgServer> {
  const asRoot = process.getuid?.() === 0
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'meta-pg-'))
  if (asRoot) execFileSync('chown', ['postgres:postgres', dir])
  const run = (bin: string, args: string[]) => {
    const [cmd, argv] = asRoot
      ? ['runuser', ['-u', 'postgres', '--', path.join(PG_BIN, bin), ...args]]
      : [path.join(PG_BIN, bin), args]
    const r = spawnSync(cmd, argv as string[], { encoding: 'utf8', cwd: dir })
    if (r.status !== 0) throw new Error(`${bin} failed (${r.status}): ${r.stderr || r.stdout}`)
  }
  const data = path.join(dir, 'data')
  run('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync'])
  const port = await freePort()
  const opts = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`
  run('pg_ctl', ['-D', data, '-o', opts, '-l', path.join(dir, 'log'), '-w', '-t', '60', 'start'])
  let stopped = false
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    dir,
    async stop() {
      if (stopped) return
      stopped = true
      try {
        run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop'])
      } finally {
        fs.rmSync(dir, { recursive: true, force: true })
      }
    },
  }
}

/** A fresh database on the server, so test files and blocks do not share tables. */
export function createDatabase(server: PgServer, name: string): string {
  const asRoot = process.getuid?.() === 0
  const args = ['-h', server.dir, '-p', String(server.port), '-U', 'postgres', name]
  const bin = path.join(PG_BIN, 'createdb')
  const r = asRoot
    ? spawnSync('runuser', ['-u', 'postgres', '--', bin, ...args], { encoding: 'utf8' })
    : spawnSync(bin, args, { encoding: 'utf8' })
  if (r.status !== 0) throw new Error(`createdb failed: ${r.stderr}`)
  return server.url.replace(/\/postgres$/, `/${name}`)
}
