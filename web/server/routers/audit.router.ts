import { z } from 'zod'
import { AppError } from '../../../errors/app-error'
import { AUDIT_ACTIONS, AUDIT_EXPORT_MAX, AUDIT_PAGE_MAX } from '../../shared/audit'
import {
  type AuditFilter,
  actionsPresent,
  actorsPresent,
  countAudit,
  latestAuditId,
  listAudit,
} from '../audit/audit.store'
import { auditXlsx } from '../audit/audit.xlsx'
import { type AuditEntry, isSystemActor, namesFor, personLabel, systemName, toEntry } from '../audit/view'
import { actionWords } from '../audit/words'
import type { Role } from '../auth/roles'
import type { PublicUser } from '../auth/users.store'
import { listDepartments } from '../departments'
import { download } from '../export'
import { shanghaiMinute } from '../reports/format'
import { displayNames } from '../scoring/ranking.store'
import { type AppDeps, router, securityContextOf, signedIn } from '../trpc'

/** Who may read the audit log: the people accountable for rankings and accounts. */
export const AUDIT_READERS: readonly Role[] = ['evaluator', 'admin']

/** Entries per page when the caller does not say. */
const DEFAULT_PAGE = 50
/** Entries read from the database at a time while exporting. */
const EXPORT_CHUNK = 1_000

const Instant = z.iso.datetime({ offset: true })

const Filter = z.object({
  actor: z.string().trim().min(1).max(64).optional(),
  action: z.enum(AUDIT_ACTIONS).optional(),
  target: z.string().trim().max(100).optional(),
  /** From this instant (inclusive). */
  from: Instant.optional(),
  /** Up to this instant (exclusive). */
  to: Instant.optional(),
})
type Filter = z.infer<typeof Filter>

function toFilter(input: Filter): AuditFilter {
  const from = input.from ? new Date(input.from) : undefined
  const to = input.to ? new Date(input.to) : undefined
  if (from && to && from >= to) {
    throw new AppError('BAD_REQUEST', '开始时间应早于结束时间 (from must be before to)')
  }
  return { actor: input.actor, action: input.action, target: input.target || undefined, from, to }
}

async function entries(deps: AppDeps, rows: Awaited<ReturnType<typeof listAudit>>): Promise<AuditEntry[]> {
  const names = await namesFor(deps.meta, rows)
  return rows.map((r) => toEntry(r, { plans: deps.plans, names }))
}

/** The filter in words, for the export's meta row. */
async function filterWords(deps: AppDeps, input: Filter): Promise<string> {
  const parts: string[] = []
  if (input.actor) {
    if (isSystemActor(input.actor)) parts.push(`操作人：${systemName(input.actor)}`)
    else {
      const name = (await displayNames(deps.meta, [input.actor])).get(input.actor)
      parts.push(`操作人：${personLabel(input.actor, name)}`)
    }
  }
  if (input.action) parts.push(`操作：${actionWords(input.action)}`)
  if (input.target) parts.push(`对象包含：${input.target}`)
  if (input.from || input.to) {
    const at = (iso: string | undefined) => (iso ? shanghaiMinute(new Date(iso)) : '')
    parts.push(`时间：${at(input.from) || '最早'} 至 ${at(input.to) || '现在'}`)
  }
  return parts.join('；')
}

/**
 * Department names for changes that name a department, read through the governed views.
 * Best effort: with the warehouse out of reach the export still comes, with the codes.
 */
async function departmentNames(deps: AppDeps, user: PublicUser): Promise<Map<string, string>> {
  try {
    const depts = await listDepartments(deps.semantic, securityContextOf(user))
    return new Map(depts.map((d) => [d.code, d.name]))
  } catch {
    return new Map()
  }
}

/** The export's rows, newest first, a chunk at a time (keyset: each chunk after the last). */
async function* exportPages(deps: AppDeps, filter: AuditFilter): AsyncGenerator<AuditEntry[]> {
  let before: number | undefined
  for (let read = 0; read < AUDIT_EXPORT_MAX; read += EXPORT_CHUNK) {
    const rows = await listAudit(deps.meta, filter, { limit: EXPORT_CHUNK, before })
    if (rows.length === 0) return
    yield await entries(deps, rows)
    if (rows.length < EXPORT_CHUNK) return
    before = rows.at(-1)!.id
  }
}

export const auditRouter = router({
  /** A page of entries, newest first; `next` continues after it (null: no more). */
  list: signedIn(AUDIT_READERS)
    .input(
      Filter.extend({
        limit: z.number().int().min(1).max(AUDIT_PAGE_MAX).default(DEFAULT_PAGE),
        /** The last entry of the previous page. */
        before: z.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional(),
      }).default({ limit: DEFAULT_PAGE }),
    )
    .query(async ({ ctx, input }) => {
      const rows = await listAudit(ctx.deps.meta, toFilter(input), {
        limit: input.limit + 1,
        before: input.before,
      })
      const page = rows.slice(0, input.limit)
      return {
        rows: await entries(ctx.deps, page),
        next: rows.length > input.limit ? page.at(-1)!.id : null,
      }
    }),

  /** What the filters offer: the people and the actions the log holds. */
  facets: signedIn(AUDIT_READERS).query(async ({ ctx }) => {
    const [actors, actions] = await Promise.all([actorsPresent(ctx.deps.meta), actionsPresent(ctx.deps.meta)])
    const names = await displayNames(
      ctx.deps.meta,
      actors.filter((a) => !isSystemActor(a)),
    )
    return {
      actors: actors.map((username) => ({
        username,
        name: isSystemActor(username) ? systemName(username) : (names.get(username) ?? username),
        system: isSystemActor(username),
      })),
      actions,
    }
  }),
})

/** Files: the filtered log as XLSX (`GET /files/audit.export`), at most AUDIT_EXPORT_MAX entries. */
export const auditFiles = router({
  export: signedIn(AUDIT_READERS)
    .input(Filter.default({}))
    .query(async ({ ctx, input }) => {
      const generatedAt = new Date()
      // A snapshot: entries written while the file is built are not in it (count and rows agree).
      const filter = { ...toFilter(input), maxId: await latestAuditId(ctx.deps.meta) }
      const matched = await countAudit(ctx.deps.meta, filter, AUDIT_EXPORT_MAX + 1)
      const { body, rows } = await auditXlsx(exportPages(ctx.deps, filter), {
        filter: await filterWords(ctx.deps, input),
        generatedAt,
        cap: AUDIT_EXPORT_MAX,
        matched,
        departments: await departmentNames(ctx.deps, ctx.user),
      })
      const stamp = shanghaiMinute(generatedAt).replace(/[-:]/g, '').replace(' ', '-')
      return download(`审计日志_${stamp}.xlsx`, `audit-log_${stamp}.xlsx`, body, { rows })
    }),
})
