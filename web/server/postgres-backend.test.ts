import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDatabase, type PgServer, pgServerAvailable, startPgServer } from '../../meta/testing/pg-server'
import { type Jar, serveApp } from './http.testing'
import { openTestApp } from './testing'

/**
 * Application state on a real PostgreSQL server (DATABASE_URL): sign-in, sessions,
 * adjustments, freeze/publish and the audit log are rows of that database, written in
 * transactions; what races is decided by a key or a lock, not by a read-then-write.
 */
describe.skipIf(!pgServerAvailable())('application state on a PostgreSQL server', () => {
  let server: PgServer
  let app: Awaited<ReturnType<typeof openTestApp>>
  let web: Awaited<ReturnType<typeof serveApp>>
  let client: pg.Client
  const scope = { unitType: 'department' as const, period: { type: 'year' as const, year: 2023 } }
  const rows = async (text: string, values: unknown[] = []) => (await client.query(text, values)).rows

  beforeAll(async () => {
    server = await startPgServer()
    const url = createDatabase(server, 'scorecard_web')
    app = await openTestApp(0.01, { databaseUrl: url })
    web = await serveApp(app.deps)
    client = new pg.Client({ connectionString: url })
    await client.connect()
  }, 240_000)
  afterAll(async () => {
    web?.close()
    await client?.end()
    await app?.dispose()
    await server?.stop()
  })

  it('keeps the users and sessions tables in that database; a sign-in over HTTP is a row there', async () => {
    const tables = (
      await rows(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'`)
    ).map((r) => r.table_name as string)
    expect(tables).toEqual(expect.arrayContaining(['users', 'sessions', 'audit_log', 'frozen_rankings']))
    const jar: Jar = await web.session('evaluator')
    expect(await web.me(jar)).toMatchObject({ username: 'evaluator' })
    const live = await rows(
      `SELECT count(*)::int AS n FROM sessions WHERE username = 'evaluator' AND revoked_at IS NULL`,
    )
    expect(live[0].n).toBeGreaterThanOrEqual(1)
    const signIns = await rows(
      `SELECT count(*)::int AS n FROM audit_log WHERE actor = 'evaluator' AND action = 'sign_in'`,
    )
    expect(signIns[0].n).toBeGreaterThanOrEqual(1)
    // Sign-out revokes that row; the cookie no longer works.
    expect((await web.mutate('auth.signOut', {}, jar)).status).toBe(200)
    expect(await web.me(jar)).toBeNull()
  })

  it('an adjustment racing a freeze is either in the frozen ranking or refused; audit matches', async () => {
    const ev = app.caller('evaluator')
    const unit = (await ev.ranking.get(scope)).result.units.find((u) => u.rank !== null)!
    const [adjusted, frozen] = await Promise.allSettled([
      (async () => {
        await new Promise((r) => setTimeout(r, 5))
        return ev.ranking.adjust({ ...scope, unitCode: unit.unit_code, points: 3, reason: '竞态加分' })
      })(),
      ev.ranking.freeze(scope),
    ])
    expect(frozen.status).toBe('fulfilled')
    const official = await ev.ranking.get(scope)
    expect(official.status).toBe('frozen')
    const mine = official.result.units.find((u) => u.unit_code === unit.unit_code)!
    const inPayload = mine.adjustments.some((a) => a.reason === '竞态加分')
    if (adjusted.status === 'fulfilled') expect(inPayload).toBe(true)
    else {
      expect(String(adjusted.reason)).toMatch(/已冻结/)
      expect(inPayload).toBe(false)
    }
    const audits = await rows(
      `SELECT action FROM audit_log WHERE actor = 'evaluator' AND target LIKE $1 ORDER BY id`,
      [`department:${official.period_key}%`],
    )
    const actions = audits.map((a) => a.action as string)
    expect(actions.filter((a) => a === 'ranking_frozen')).toHaveLength(1)
    expect(actions.filter((a) => a === 'score_adjusted')).toHaveLength(
      adjusted.status === 'fulfilled' ? 1 : 0,
    )
  })

  it('two freezes at once: one wins, the other is told it is frozen; publish is one row update', async () => {
    const ev = app.caller('evaluator')
    const other = { ...scope, period: { type: 'year' as const, year: 2022 } }
    const results = await Promise.allSettled([ev.ranking.freeze(other), ev.ranking.freeze(other)])
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1)
    expect(String((results.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason)).toMatch(
      /已冻结/,
    )
    await ev.ranking.publish(other)
    const stored = await rows(`SELECT status, changed_by FROM frozen_rankings WHERE period_key = $1`, [
      (await ev.ranking.get(other)).period_key,
    ])
    expect(stored).toEqual([{ status: 'published', changed_by: 'evaluator' }])
  })
})
