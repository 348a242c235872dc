import { TRPCError } from '@trpc/server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { serveApp } from './http.testing'
import { appRouter } from './routers/app.router'
import { filesRouter } from './routers/files.router'
import { openTestApp } from './testing'

type Who = 'anonymous' | 'leader' | 'evaluator' | 'analyst' | 'department' | 'admin'
const WHO: Who[] = ['anonymous', 'leader', 'evaluator', 'analyst', 'department', 'admin']
const ALL: Who[] = ['leader', 'evaluator', 'analyst', 'department', 'admin']

/**
 * Who may call what. Every procedure of the routers (/trpc and /files) must appear here: a
 * new procedure without a row fails the first test, and its access rule is checked for
 * every role.
 */
const EXPECTED: Record<string, Who[]> = {
  'auth.me': WHO,
  'auth.signIn': WHO,
  'auth.signOut': ALL,
  'auth.changePassword': ALL,
  'scorecard.get': ALL,
  'scorecard.detail': ALL,
  'scorecard.period': ALL,
  'explore.meta': ALL,
  'explore.run': ALL,
  'explore.sql': ALL,
  'explore.export': ALL,
  'data.status': ['leader', 'evaluator', 'analyst', 'admin'],
  'data.runs': ['leader', 'evaluator', 'analyst', 'admin'],
  'data.quarantine': ['leader', 'evaluator', 'analyst', 'admin'],
  'data.datasets': ['leader', 'evaluator', 'analyst', 'admin'],
  'data.quarantineCsv': ['leader', 'evaluator', 'analyst', 'admin'],
  'targets.template': ['evaluator', 'admin'],
  'targets.baselines': ['evaluator', 'admin'],
  'targets.setBaseline': ['evaluator', 'admin'],
  'targets.versions': ['evaluator', 'admin'],
  'targets.versionDiff': ['evaluator', 'admin'],
  'targets.restoreVersion': ['evaluator', 'admin'],
  'reference.departments': ALL,
  'reference.towns': ALL,
  'reference.catalog': ALL,
  'reference.plans': ALL,
  'admin.users': ['admin'],
  'admin.saveUser': ['admin'],
  'admin.sources': ['admin'],
  'admin.runSource': ['admin'],
  'admin.setDisabled': ['admin'],
  'admin.resetPassword': ['admin'],
  'admin.calendarGaps': ['admin'],
  'ranking.get': ['evaluator', 'admin'],
  'ranking.adjust': ['evaluator', 'admin'],
  'ranking.freeze': ['evaluator', 'admin'],
  'ranking.unfreeze': ['evaluator', 'admin'],
  'ranking.publish': ['evaluator', 'admin'],
  'ranking.exportRanking': ['evaluator', 'admin'],
  'ranking.exportUnit': ['evaluator', 'admin'],
  'ranking.uploadTargets': ['evaluator', 'admin'],
  'ranking.briefing': ['leader', 'evaluator', 'admin'],
  'ranking.requestWithdraw': ['evaluator', 'admin'],
  'ranking.approveWithdraw': ['evaluator', 'admin'],
  'ranking.history': ['evaluator', 'admin'],
  'ranking.defaults': ['evaluator', 'admin'],
  'results.list': ['leader', 'evaluator', 'admin', 'department'],
  'results.get': ['leader', 'evaluator', 'admin'],
  'results.unit': ['leader', 'evaluator', 'admin', 'department'],
  'results.history': ['leader', 'evaluator', 'admin'],
  'results.exportRanking': ['leader', 'evaluator', 'admin'],
  'results.exportUnit': ['leader', 'evaluator', 'admin', 'department'],
  'reports.finalEvaluationData': ['leader', 'evaluator', 'admin'],
  'reports.finalEvaluation': ['leader', 'evaluator', 'admin'],
  'alerts.notifications': ALL,
  'alerts.unreadCount': ALL,
  'alerts.markRead': ALL,
  'alerts.subscriptions': ALL,
  'alerts.subscribe': ALL,
  'alerts.unsubscribe': ALL,
  'alerts.rules': ['evaluator', 'admin'],
  'alerts.createRule': ['evaluator', 'admin'],
  'alerts.setRuleEnabled': ['evaluator', 'admin'],
  'alerts.deleteRule': ['evaluator', 'admin'],
  'alerts.deliveries': ['admin'],
  'alerts.resend': ['admin'],
  'alerts.runNow': ['admin'],
  'alerts.channels': ['admin'],
  'tasks.list': ALL,
  'tasks.detail': ALL,
  'tasks.checkIn': ['department'],
  'tasks.review': ['evaluator', 'admin'],
  'tasks.assign': ['evaluator', 'admin'],
  'tasks.addLocal': ['evaluator', 'admin'],
  'appeals.windows': ALL,
  'appeals.mine': ['department'],
  'appeals.saveDraft': ['department'],
  'appeals.file': ['department'],
  'appeals.discard': ['department'],
  'appeals.review': ['evaluator', 'admin'],
  'appeals.decide': ['evaluator', 'admin'],
  'appeals.uploadEvidence': ['department'],
  'appeals.evidence': ALL,
  'tasks.uploadEvidence': ['department'],
  'tasks.evidence': ALL,
  'audit.list': ['evaluator', 'admin'],
  'audit.facets': ['evaluator', 'admin'],
  'audit.export': ['evaluator', 'admin'],
  'notes.list': ALL,
  'notes.add': ['leader', 'evaluator', 'admin', 'department'],
  'notes.remove': ['leader', 'evaluator', 'admin', 'department'],
  'notes.select': ['evaluator', 'admin'],
}

type Procedures = Record<string, { _def: { meta?: { access?: unknown }; type: string } }>
const trpcProcedures = appRouter._def.procedures as unknown as Procedures
/** Served as plain HTTP routes (file-routes.ts): `GET /files/<path>` for queries, `POST` for mutations. */
const fileProcedures = filesRouter._def.procedures as unknown as Procedures
const procedures: Procedures = { ...trpcProcedures, ...fileProcedures }

describe('authorization matrix', () => {
  let app: Awaited<ReturnType<typeof openTestApp>>
  beforeAll(async () => {
    app = await openTestApp(0.01)
  }, 240_000)
  afterAll(() => app.dispose())

  it('lists every procedure of the routers, each with a declared access rule', () => {
    expect(Object.keys(trpcProcedures).filter((p) => p in fileProcedures)).toEqual([])
    expect(Object.keys(procedures).sort()).toEqual(Object.keys(EXPECTED).sort())
    for (const [path, p] of Object.entries(procedures)) expect(p._def.meta?.access, path).toBeDefined()
  })

  const userFor = (who: Who) => (who === 'anonymous' ? null : who === 'department' ? 'dept_a' : who)

  for (const path of Object.keys(EXPECTED)) {
    it(`${path}: allowed exactly for ${EXPECTED[path]!.join(', ')}`, async () => {
      for (const who of WHO) {
        const caller = (path in fileProcedures ? app.files : app.caller)(userFor(who)) as unknown as Record<
          string,
          Record<string, (input?: unknown) => Promise<unknown>>
        >
        const [ns, name] = path.split('.') as [string, string]
        // Input is deliberately missing: the guard runs before input validation, so a
        // refusal is UNAUTHORIZED/FORBIDDEN and anything else means the guard let it through.
        let code = 'OK'
        try {
          await caller[ns]![name]!(undefined)
        } catch (err) {
          code = err instanceof TRPCError ? err.code : 'OTHER'
        }
        const refused = code === 'UNAUTHORIZED' || code === 'FORBIDDEN'
        expect(refused, `${path} as ${who}: ${code}`).toBe(!EXPECTED[path]!.includes(who))
      }
    }, 60_000)
  }

  it('file routes over HTTP: the same rule for every role, with the real session cookie', async () => {
    const web = await serveApp(app.deps)
    try {
      for (const who of WHO) {
        const user = userFor(who)
        const jar = user ? await web.session(user) : await web.csrf()
        for (const [path, p] of Object.entries(fileProcedures)) {
          // No input: a refusal is 401/403; anything else means the rule let it through.
          const res =
            p._def.type === 'query'
              ? await web.download(path, undefined, jar)
              : await web.upload(path, Buffer.alloc(0), jar)
          const refused = res.status === 401 || res.status === 403
          expect(refused, `${path} as ${who}: ${res.status} ${res.text.slice(0, 200)}`).toBe(
            !EXPECTED[path]!.includes(who),
          )
          if (refused) expect(res.error?.message).toMatch(/^(请先登录|当前角色无权执行此操作) \(/)
        }
      }
    } finally {
      web.close()
    }
  }, 120_000)
})
