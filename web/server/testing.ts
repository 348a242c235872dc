import { loadConfig } from '../../app/config'
import { etlDataStatus } from '../../app/data-status'
import { loadDemoData } from '../../etl/demo-bootstrap'
import { loadPlans } from '../../indicators/plans'
import { openTempMetaStore } from '../../meta/testing/temp-store'
import { createSemanticLayer } from '../../semantic-layer/engine/engine'
import { openTempWarehouse } from '../../warehouse/testing'
import { hashPassword } from './auth/password'
import type { Role } from './auth/roles'
import { SessionStore } from './auth/sessions.store'
import { LoginThrottle } from './auth/throttle'
import { type PublicUser, saveUser } from './auth/users.store'
import { appRouter } from './routers/app.router'
import { filesRouter } from './routers/files.router'
import { type AppDeps, type Context, createCallerFactory } from './trpc'

export const TEST_PASSWORD = 'Test-pass-2025'

/**
 * A real app: temporary warehouse with small demo data, real semantic layer, real accounts;
 * application state in memory (embedded PostgreSQL) or in `databaseUrl`'s server.
 */
export async function openTestApp(
  scale = 0.02,
  opts: { cacheTtlMs?: number; databaseUrl?: string; log?: (message: string) => void } = {},
) {
  const t = await openTempWarehouse('scorecard-web-')
  await loadDemoData(t.wh, { dataDir: t.dataDir, scale, log: opts.log ?? (() => {}) })
  const config = loadConfig({ DATA_DIR: t.dataDir })
  const meta = await openTempMetaStore(opts.databaseUrl)
  const semantic = createSemanticLayer({
    warehouse: config.warehouse,
    limits: config.limits,
    ...(opts.cacheTtlMs !== undefined ? { cacheTtlMs: opts.cacheTtlMs } : {}),
  })
  const deps: AppDeps = {
    wh: t.wh,
    meta: meta.db,
    semantic,
    sessions: new SessionStore(meta.db, 3600_000),
    throttle: new LoginThrottle(meta.db),
    plans: loadPlans(),
    config,
    data: etlDataStatus(t.wh),
    afterLoad: async () => semantic.invalidate(),
  }
  const hash = await hashPassword(TEST_PASSWORD)
  const users: Record<string, PublicUser> = {}
  const accounts: Array<[string, Role, string | null]> = [
    ['leader', 'leader', null],
    ['evaluator', 'evaluator', null],
    ['analyst', 'analyst', null],
    ['admin', 'admin', null],
    ['dept_a', 'department', '11440306001'],
  ]
  for (const [username, role, dept] of accounts) {
    const u = {
      username,
      display_name: username,
      role,
      dept_code: dept,
      disabled: false,
      password_hash: hash,
    }
    await saveUser(meta.db, u, true)
    users[username] = {
      username,
      display_name: username,
      role,
      dept_code: dept,
      disabled: false,
      password_changed_at: 0,
    }
  }
  const createCaller = createCallerFactory(appRouter)
  const createFilesCaller = createCallerFactory(filesRouter)
  const ctxFor = (user: PublicUser | null, over: Partial<Context> = {}): Context => ({
    deps,
    user,
    sessionToken: null,
    csrfOk: true,
    ip: '127.0.0.1',
    res: null,
    ...over,
  })
  return {
    deps,
    users,
    ctxFor,
    /** The warehouse's data directory (demo files under demo/scale-N). */
    dataDir: t.dataDir,
    caller: (username: string | null, over: Partial<Context> = {}) =>
      createCaller(ctxFor(username ? users[username]! : null, over)),
    /** The file procedures (served as /files/ routes over HTTP), called directly. */
    files: (username: string | null, over: Partial<Context> = {}) =>
      createFilesCaller(ctxFor(username ? users[username]! : null, over)),
    /** One more department account (password TEST_PASSWORD), callable as `caller(username)`. */
    addDepartmentAccount: async (username: string, deptCode: string, displayName = username) => {
      await saveUser(
        meta.db,
        {
          username,
          display_name: displayName,
          role: 'department',
          dept_code: deptCode,
          disabled: false,
          password_hash: hash,
        },
        true,
      )
      users[username] = { ...users.dept_a!, username, display_name: displayName, dept_code: deptCode }
    },
    dispose: async () => {
      await semantic.close()
      await meta.close()
      await t.dispose()
    },
  }
}
