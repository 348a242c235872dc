import { TRPCError } from '@trpc/server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { appRouter } from './routers/app.router'
import { openTestApp } from './testing'

type Who = 'anonymous' | 'leader' | 'evaluator' | 'analyst' | 'department' | 'admin'
const WHO: Who[] = ['anonymous', 'leader', 'evaluator', 'analyst', 'department', 'admin']
const ALL: Who[] = ['leader', 'evaluator', 'analyst', 'department', 'admin']

/**
 * Who may call what. Every procedure of the router must appear here: a new procedure
 * without a row fails the first test, and its access rule is checked for every role.
 */
const EXPECTED: Record<string, Who[]> = {
  'auth.me': WHO,
  'auth.signIn': WHO,
  'auth.signOut': ALL,
  'auth.changePassword': ALL,
  'scorecard.get': ALL,
  'scorecard.detail': ALL,
  'explore.meta': ALL,
  'explore.run': ALL,
  'explore.sql': ALL,
  'explore.export': ALL,
  'data.status': ['leader', 'evaluator', 'analyst', 'admin'],
  'data.runs': ['leader', 'evaluator', 'analyst', 'admin'],
  'data.quarantine': ['leader', 'evaluator', 'analyst', 'admin'],
  'reference.departments': ALL,
  'reference.towns': ALL,
  'reference.catalog': ALL,
  'admin.users': ['admin'],
  'admin.saveUser': ['admin'],
  'admin.sources': ['admin'],
  'admin.runSource': ['admin'],
  'ranking.get': ['evaluator', 'admin'],
  'ranking.adjust': ['evaluator', 'admin'],
  'ranking.freeze': ['evaluator', 'admin'],
  'ranking.unfreeze': ['evaluator', 'admin'],
  'ranking.publish': ['evaluator', 'admin'],
  'ranking.exportRanking': ['evaluator', 'admin'],
  'ranking.exportUnit': ['evaluator', 'admin'],
  'ranking.uploadTargets': ['evaluator', 'admin'],
  'ranking.briefing': ['leader', 'evaluator', 'admin'],
}

const procedures = appRouter._def.procedures as unknown as Record<
  string,
  { _def: { meta?: { access?: unknown }; type: string } }
>

describe('authorization matrix', () => {
  let app: Awaited<ReturnType<typeof openTestApp>>
  beforeAll(async () => {
    app = await openTestApp(0.01)
  }, 240_000)
  afterAll(() => app.dispose())

  it('lists every procedure of the router, each with a declared access rule', () => {
    expect(Object.keys(procedures).sort()).toEqual(Object.keys(EXPECTED).sort())
    for (const [path, p] of Object.entries(procedures)) expect(p._def.meta?.access, path).toBeDefined()
  })

  const userFor = (who: Who) => (who === 'anonymous' ? null : who === 'department' ? 'dept_a' : who)

  for (const path of Object.keys(EXPECTED)) {
    it(`${path}: allowed exactly for ${EXPECTED[path]!.join(', ')}`, async () => {
      for (const who of WHO) {
        const caller = app.caller(userFor(who)) as unknown as Record<
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
})
