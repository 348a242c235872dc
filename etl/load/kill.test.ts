import { type ChildProcess, execFile, spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Cell, writeCsv } from '../testing/files'
import { ticketHeaders } from '../testing/fixtures'

const root = path.resolve(import.meta.dirname, '../..')
const run = promisify(execFile)
const H = ticketHeaders('zh')

function tsx(args: string[], dataDir: string) {
  return run(process.execPath, ['--import', 'tsx', ...args], {
    cwd: root,
    env: { ...process.env, DATA_DIR: dataDir },
  })
}

async function fingerprint(dataDir: string) {
  const { stdout } = await tsx(['etl/testing/state.cli.ts', 'hotline_tickets'], dataDir)
  return JSON.parse(stdout) as { rows: number; hash: string; running: number }
}

const load = (file: string, dataDir: string) =>
  tsx(['etl/cli.ts', 'load', 'hotline_tickets', file, '--json'], dataDir)

function startLoad(
  file: string,
  dataDir: string,
): { child: ChildProcess; reading: Promise<void>; exited: Promise<void> } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'etl/cli.ts', 'load', 'hotline_tickets', file], {
    cwd: root,
    env: { ...process.env, DATA_DIR: dataDir },
    stdio: ['ignore', 'ignore', 'pipe'],
  })
  const reading = new Promise<void>((resolve) => {
    child.stderr?.on('data', (c: Buffer) => {
      if (c.toString().includes('reading')) resolve()
    })
    child.on('exit', () => resolve())
  })
  // Listen from the start: the load may finish before the kill is sent.
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()))
  return { child, reading, exited }
}

describe('a load killed at any point', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'etl-kill-'))
  const base = path.join(dir, 'base.csv')
  const big = path.join(dir, 'big.csv')
  beforeAll(() => {
    const rows = (n: number, from: number, updated: string): Cell[][] =>
      Array.from({ length: n }, (_, i) => {
        const k = from + i
        return [
          `T${k}`,
          `2024-0${1 + (k % 9)}-1${k % 10} 09:00:00`,
          '电话',
          '投诉',
          `D0${k % 7}`,
          k % 3 ? '满意' : '未评价',
          updated,
        ]
      })
    writeCsv(base, H, rows(2_000, 0, '2024-01-01 00:00:00'))
    // Overlaps base (updates the first 2,000) and adds 298,000 new tickets.
    writeCsv(big, H, rows(300_000, 0, '2024-06-01 00:00:00'))
  })
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

  it('leaves nothing or everything of the file visible, and a re-run completes it', async () => {
    const refDir = path.join(dir, 'reference')
    await load(base, refDir)
    const baseState = await fingerprint(refDir)
    await load(big, refDir)
    const full = await fingerprint(refDir)
    expect(full.rows).toBe(300_000)

    const outcomes: string[] = []
    for (const delayMs of [0, 250, 600, 1200]) {
      const dataDir = path.join(dir, `killed-${delayMs}`)
      await load(base, dataDir)
      const { child, reading, exited } = startLoad(big, dataDir)
      await reading
      await new Promise((r) => setTimeout(r, delayMs))
      child.kill('SIGKILL')
      await exited
      const after = await fingerprint(dataDir)
      expect([baseState.hash, full.hash], `after a kill at +${delayMs} ms`).toContain(after.hash)
      outcomes.push(after.hash === baseState.hash ? 'nothing' : 'all')
      await load(big, dataDir) // the re-run recovers the interrupted run first
      const rerun = await fingerprint(dataDir)
      expect({ rows: rerun.rows, hash: rerun.hash }).toEqual({ rows: full.rows, hash: full.hash })
      expect(rerun.running).toBe(0)
    }
    // At least one kill must have landed inside the load, or the test proved nothing.
    expect(outcomes).toContain('nothing')
    console.log(`kill outcomes: ${outcomes.join(', ')}`)
  }, 240_000)
})
