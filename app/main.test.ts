import { type ChildProcess, spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { DEFAULT_CALENDAR_FILE } from '../etl/calendar/default-calendar'
import { shanghaiYear } from '../warehouse/workdays'
import { waitForUrl } from '../web/server/hostile/edge.testing'

const root = path.resolve(import.meta.dirname, '..')

describe('npm start', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'scorecard-start-'))
  let child: ChildProcess | undefined
  afterAll(() => {
    child?.kill('SIGKILL')
    fs.rmSync(dataDir, { recursive: true, force: true })
  })

  it('migrates an empty DATA_DIR, answers /healthz, and stops cleanly on SIGTERM', async () => {
    const started = Date.now()
    child = spawn(process.execPath, ['--import', 'tsx', 'app/main.ts'], {
      cwd: root,
      env: { ...process.env, DATA_DIR: dataDir, PORT: '0', DEMO_DATA: 'off' },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    const url = await waitForUrl(child, 60_000)
    const res = await fetch(new URL('/healthz', url))
    expect(res.status).toBe(200)
    const body = (await res.json()) as { status: string; warehouse: Record<string, unknown> }
    expect(body.status).toBe('ok')
    expect(body.warehouse).toMatchObject({ reachable: true, mode: 'embedded' })
    expect(body.warehouse.engineVersion).toMatch(/^\d+\.\d+/)
    expect(body.warehouse.migrationVersion).toBeGreaterThanOrEqual(3)
    expect(Date.now() - started).toBeLessThan(60_000)

    // Without demo data the shipped working-day calendar is loaded into the empty warehouse:
    // /healthz then misses only the years the file does not carry.
    const shipped = new Set(
      fs
        .readFileSync(DEFAULT_CALENDAR_FILE, 'utf8')
        .split('\n')
        .slice(1)
        .filter(Boolean)
        .map((l) => Number(l.slice(0, 4))),
    )
    const y = shanghaiYear(new Date())
    let health: { data?: { state: string }; warehouse: { calendar?: { missingYears: number[] } } }
    do {
      await new Promise((r) => setTimeout(r, 1100))
      health = (await (await fetch(new URL('/healthz', url))).json()) as typeof health
    } while (health.data?.state !== 'ready' && Date.now() - started < 120_000)
    expect(health.data?.state).toBe('ready')
    expect(health.warehouse.calendar?.missingYears).toEqual([y - 1, y].filter((x) => !shipped.has(x)))

    const exited = new Promise<number | null>((resolve) => child!.on('exit', (code) => resolve(code)))
    child.kill('SIGTERM')
    expect(await exited).toBe(0)
  }, 150_000)
})
