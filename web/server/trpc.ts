import type http from 'node:http'
import { initTRPC, TRPCError } from '@trpc/server'
import { ZodError } from 'zod'
import { AppError } from '../../errors/app-error'
import type { PlanSet } from '../../indicators/plans'
import { isMetaUnavailable, type MetaDatabase } from '../../meta/store'
import type { SemanticLayer } from '../../semantic-layer/engine/engine'
import { safeFields } from '../../semantic-layer/engine/logger'
import { forCaller } from '../../semantic-layer/engine/scoped'
import { isWarehouseUnreachable, OutageLog, WAREHOUSE_UNAVAILABLE } from '../../warehouse/availability'
import type { Warehouse } from '../../warehouse/client'
import { log } from '../../warehouse/log'
import { ROLES, type Role } from './auth/roles'
import type { SessionStore } from './auth/sessions.store'
import type { LoginThrottle } from './auth/throttle'
import type { PublicUser } from './auth/users.store'
import type { ServerConfig } from './config'
import type { DataStatus } from './data-status'

export interface AppDeps {
  /** The analytical warehouse (datasets, rollups, the ETL's bookkeeping). */
  wh: Warehouse
  /** Application state: accounts, sessions, throttles, rankings, adjustments, audit. */
  meta: MetaDatabase
  semantic: SemanticLayer
  sessions: SessionStore
  throttle: LoginThrottle
  /** The plans (folders of data): catalogs, schemes, periods; one is current. */
  plans: PlanSet
  config: ServerConfig
  /** Load runs, quarantine and freshness (the ETL's, provided by app/). */
  data: DataStatus
  /** Called after anything loads data (caches, pre-aggregations). */
  afterLoad: (datasets?: readonly string[]) => Promise<void>
  runSource?: (name: string) => Promise<unknown>
  sourceNames?: () => string[]
}

export interface Context {
  deps: AppDeps
  user: PublicUser | null
  sessionToken: string | null
  csrfOk: boolean
  ip: string
  res: http.ServerResponse | null
}

/** Who may call a procedure: declared on each one; a procedure without it is refused. */
export interface AccessMeta {
  access?: 'public' | 'authenticated' | readonly Role[]
}

const ADAPTER_MESSAGES: Record<string, string> = {
  PAYLOAD_TOO_LARGE: '请求体过大 (request body too large)',
  'Batching is not enabled on this endpoint': '不支持批量请求 (batching not allowed)',
}

const t = initTRPC
  .context<Context>()
  .meta<AccessMeta>()
  .create({
    errorFormatter({ shape, error }) {
      // 5xx never leak stack traces or SQL: the message is generic, the details are logged.
      if (error.code === 'INTERNAL_SERVER_ERROR') {
        return {
          ...shape,
          message: '服务内部错误，请稍后再试 (internal error)',
          data: { ...shape.data, stack: undefined },
        }
      }
      // The adapter's own refusals (a chunked body over the limit, a malformed batch) carry
      // the bare code as their message.
      const message = ADAPTER_MESSAGES[shape.message] ?? shape.message
      return { ...shape, message, data: { ...shape.data, stack: undefined } }
    },
  })

export const router = t.router
export const createCallerFactory = t.createCallerFactory

function invalidInputMessage(err: ZodError): string {
  const issues = err.issues
    .slice(0, 5)
    .map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message))
    .join('; ')
  return `输入无效 (invalid input): ${issues}`
}

// Logged once per outage window, not once per refused request.
const outage = new OutageLog('数据仓库无法连接，请求返回 503 (warehouse unreachable; answering 503)')

const metaOutage = new OutageLog(
  '应用数据库无法连接，请求返回 503 (metadata store unreachable; answering 503)',
)

/**
 * A store out of reach is a 503 people can act on ("try again shortly"), not a generic 500:
 * the metadata store (PostgreSQL) or ClickHouse, each named as itself.
 */
export function storeUnavailable(err: unknown): TRPCError | undefined {
  if (isMetaUnavailable(err)) {
    metaOutage.failed(err instanceof Error ? err.message : String(err))
    return new TRPCError({
      code: 'SERVICE_UNAVAILABLE',
      message: '应用数据库暂时无法连接，请稍后重试 (application database unreachable; try again shortly)',
      cause: err,
    })
  }
  if (!isWarehouseUnreachable(err)) return undefined
  outage.failed(err instanceof Error ? err.message : String(err))
  return new TRPCError({ code: 'SERVICE_UNAVAILABLE', message: WAREHOUSE_UNAVAILABLE, cause: err })
}

const mapErrors = t.middleware(async ({ next, path }) => {
  const result = await next()
  if (!result.ok) {
    const cause = result.error.cause
    const unavailable = storeUnavailable(cause)
    if (unavailable) throw unavailable
    // Errors people can act on carry their own code and a message meant for them.
    if (cause instanceof AppError) throw new TRPCError({ code: cause.code, message: cause.message, cause })
    // Input validation: one readable bilingual line instead of zod's JSON dump of issues.
    if (cause instanceof ZodError) {
      throw new TRPCError({ code: 'BAD_REQUEST', message: invalidInputMessage(cause), cause })
    }
    if (result.error.code === 'INTERNAL_SERVER_ERROR') {
      log.error(
        `procedure ${path} failed`,
        safeFields({ error: String(cause?.stack ?? result.error.message) }),
      )
    }
  }
  return result
})

const guard = t.middleware(({ meta, ctx, type, next, path, signal }) => {
  const access = meta?.access
  if (!access) {
    throw new TRPCError({ code: 'FORBIDDEN', message: `no access rule for ${path}` })
  }
  if (type === 'mutation' && !ctx.csrfOk) {
    throw new TRPCError({
      code: 'FORBIDDEN',
      message: '请求缺少有效的CSRF令牌 (missing or invalid CSRF token)',
    })
  }
  if (access === 'public') return next()
  if (!ctx.user) throw new TRPCError({ code: 'UNAUTHORIZED', message: '请先登录 (please sign in)' })
  if (access !== 'authenticated' && !access.includes(ctx.user.role)) {
    throw new TRPCError({ code: 'FORBIDDEN', message: '当前角色无权执行此操作 (your role may not do this)' })
  }
  // Every query this call makes waits in its lane, counts against its user's share and
  // is dropped from the queue when the caller goes away.
  const semantic = forCaller(ctx.deps.semantic, {
    user: ctx.user.username,
    lane: path.startsWith('explore.') ? 'explore' : 'interactive',
    ...(signal ? { signal } : {}),
  })
  return next({ ctx: { ...ctx, user: ctx.user, deps: { ...ctx.deps, semantic } } })
})

/**
 * The one procedure builder: every procedure passes the error mapper and the access guard
 * (which refuses a procedure without an access rule). Routers use the builders below: each
 * declares the rule in the procedure's meta (which the authorization matrix test reads) and
 * gives ctx.user the type that rule guarantees.
 */
const procedure = t.procedure.use(mapErrors).use(guard)

/** Anyone, signed in or not: ctx.user is the caller's account or null. */
export const publicProcedure = procedure.meta({ access: 'public' })

const signedInUser = t.middleware(({ ctx, next }) => {
  // The guard has refused anonymous callers already; this tells the types.
  if (!ctx.user) throw new TRPCError({ code: 'UNAUTHORIZED', message: '请先登录 (please sign in)' })
  return next({ ctx: { user: ctx.user } })
})

/** Signed-in callers whose role is one of `roles` (by default any role): ctx.user is never null. */
export const signedIn = (roles: readonly Role[] | 'authenticated' = 'authenticated') =>
  procedure.meta({ access: roles }).use(signedInUser)

/** Every signed-in role (department accounts are scoped to their department elsewhere). */
export const ALL_ROLES: readonly Role[] = ROLES
export const ADMIN: readonly Role[] = ['admin']
export const EVALUATION_ROLES: readonly Role[] = ['evaluator', 'admin']

/** Department accounts see only their own department: their scope is forced, never chosen. */
export function securityContextOf(user: Pick<PublicUser, 'role' | 'dept_code'>): {
  role: string
  deptCode?: string
} {
  if (user.role !== 'department') return { role: user.role }
  if (!user.dept_code)
    throw new AppError('FORBIDDEN', '部门账号未绑定部门 (department account has no department)')
  return { role: user.role, deptCode: user.dept_code }
}
