import { randomInt } from 'node:crypto'
import { z } from 'zod'
import { AppError } from '../../../errors/app-error'
import { missingCalendarYears } from '../../../warehouse/workdays'
import { hashPassword, passwordProblem } from '../auth/password'
import { ROLES } from '../auth/roles'
import { audit, findUser, lastSignIns, listUsers, saveUser, type User } from '../auth/users.store'
import { ADMIN, type AppDeps, router, signedIn } from '../trpc'
import { plainError, shownRun } from './data.router'

const Username = z.string().regex(/^[a-z0-9_.-]{2,64}$/, '用户名: 小写字母、数字、_ . - (2–64)')
const DeptCode = z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/)

/** Letters and digits people can read off a screen without mixing up 0/O or 1/l. */
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZabcdefghjkmnpqrstuvwxyz23456789'

/** A random 16-character password that passes the password policy (shown to the admin once). */
export function generatePassword(username: string): string {
  for (;;) {
    const pw = Array.from({ length: 16 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('')
    if (!passwordProblem(pw, username)) return pw
  }
}

async function existingUser(deps: AppDeps, username: string): Promise<User> {
  const user = await findUser(deps.meta, username)
  if (!user) throw new AppError('NOT_FOUND', `账号不存在：${username} (no such account)`)
  return user
}

/** An account as the audit log records it (never its password hash). */
const accountFields = (u: Pick<User, 'display_name' | 'role' | 'dept_code' | 'disabled'>) => ({
  display_name: u.display_name,
  role: u.role,
  dept_code: u.dept_code,
  status: u.disabled ? 'disabled' : 'active',
})

/** An admin cannot lock themselves out (disable their own account or give up the admin role). */
function notSelf(actor: string, username: string, what: string): void {
  if (actor === username)
    throw new AppError('BAD_REQUEST', `不能${what}自己的账号 (you cannot do this to your own account)`)
}

export const adminRouter = router({
  /** Accounts with their latest sign-in (from the audit log). */
  users: signedIn(ADMIN).query(async ({ ctx }) => {
    const users = await listUsers(ctx.deps.meta)
    const last = await lastSignIns(
      ctx.deps.meta,
      users.map((u) => u.username),
    )
    return users.map((u) => ({ ...u, last_sign_in_at: last.get(u.username) ?? null }))
  }),

  saveUser: signedIn(ADMIN)
    .input(
      z.object({
        username: Username,
        display_name: z.string().trim().min(1).max(64),
        role: z.enum(ROLES),
        dept_code: DeptCode.nullable().default(null),
        disabled: z.boolean().default(false),
        password: z.string().max(256).optional(),
        /** 'create' refuses a username that is taken (instead of overwriting that account). */
        mode: z.enum(['create', 'upsert']).default('upsert'),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const { meta, sessions } = ctx.deps
      if (input.role === 'department' && !input.dept_code) {
        throw new AppError('BAD_REQUEST', '部门账号必须绑定部门 (a department account needs dept_code)')
      }
      const existing = await findUser(meta, input.username)
      if (existing && input.mode === 'create') {
        throw new AppError('CONFLICT', `用户名已存在：${input.username} (username taken)`)
      }
      if (!existing && !input.password)
        throw new AppError('BAD_REQUEST', '新账号需要密码 (a new account needs a password)')
      if (existing && (input.disabled || input.role !== 'admin')) {
        if (input.disabled || existing.role === 'admin')
          notSelf(ctx.user.username, input.username, '停用或降级')
      }
      if (input.password) {
        const problem = passwordProblem(input.password, input.username)
        if (problem) throw new AppError('BAD_REQUEST', problem)
      }
      const password_hash = input.password ? await hashPassword(input.password) : existing!.password_hash
      const saved = {
        username: input.username,
        display_name: input.display_name,
        role: input.role,
        dept_code: input.role === 'department' ? input.dept_code : null,
        disabled: input.disabled,
        password_hash,
      }
      await meta.transaction().execute(async (trx) => {
        await saveUser(trx, saved, Boolean(input.password))
        const deptChanged = existing && (existing.dept_code ?? null) !== (input.dept_code ?? null)
        if (input.password || input.disabled || (existing && existing.role !== input.role) || deptChanged)
          await sessions.revokeAll(input.username, trx)
        await audit(
          trx,
          ctx.user.username,
          existing ? 'user_updated' : 'user_created',
          input.username,
          input.role,
          { ...(existing ? { before: accountFields(existing) } : {}), after: accountFields(saved) },
        )
      })
      return { ok: true }
    }),

  /** Disables (ending every session at once) or re-enables an account. */
  setDisabled: signedIn(ADMIN)
    .input(z.object({ username: Username, disabled: z.boolean() }))
    .mutation(async ({ ctx, input }) => {
      if (input.disabled) notSelf(ctx.user.username, input.username, '停用')
      const user = await existingUser(ctx.deps, input.username)
      await ctx.deps.meta.transaction().execute(async (trx) => {
        await saveUser(trx, { ...user, disabled: input.disabled }, false)
        if (input.disabled) await ctx.deps.sessions.revokeAll(input.username, trx)
        await audit(
          trx,
          ctx.user.username,
          input.disabled ? 'user_disabled' : 'user_enabled',
          input.username,
          '',
          { before: accountFields(user), after: accountFields({ ...user, disabled: input.disabled }) },
        )
      })
      return { ok: true as const, disabled: input.disabled }
    }),

  /**
   * Sets a new password, the admin's own (checked against the policy) or a generated one,
   * which is answered once and not kept anywhere. Every session of the account ends.
   */
  resetPassword: signedIn(ADMIN)
    .input(z.object({ username: Username, password: z.string().min(1).max(256).optional() }))
    .mutation(async ({ ctx, input }) => {
      const user = await existingUser(ctx.deps, input.username)
      if (input.password) {
        const problem = passwordProblem(input.password, input.username)
        if (problem) throw new AppError('BAD_REQUEST', problem)
      }
      const password = input.password ?? generatePassword(input.username)
      const password_hash = await hashPassword(password)
      await ctx.deps.meta.transaction().execute(async (trx) => {
        await saveUser(trx, { ...user, password_hash }, true)
        await ctx.deps.sessions.revokeAll(input.username, trx)
        await audit(
          trx,
          ctx.user.username,
          'password_reset',
          input.username,
          input.password ? 'set' : 'generated',
        )
      })
      return { ok: true as const, password: input.password ? null : password }
    }),

  /**
   * The previous and current year (Asia/Shanghai) the working-day calendar has no rows for:
   * there working days count Monday–Friday alone (the admin page warns).
   */
  calendarGaps: signedIn(ADMIN).query(async ({ ctx }) => ({
    missing_years: await missingCalendarYears(ctx.deps.wh),
  })),

  /** The configured sources: schedule, whether running, latest run and latest failure. */
  sources: signedIn(ADMIN).query(async ({ ctx }) => {
    const data = ctx.deps.data
    const shown = shownRun(data)
    const label = new Map(data.datasets.map((d) => [d.name, d.label]))
    return (await data.sources()).map((s) => ({
      ...s,
      dataset_label: label.get(s.dataset) ?? s.dataset,
      last_run: s.last_run && shown(s.last_run),
      last_failure: s.last_failure && shown(s.last_failure),
    }))
  }),

  /** Runs a source now (as its schedule would) and answers when the run is over. */
  runSource: signedIn(ADMIN)
    .input(z.object({ name: z.string().max(64) }))
    .mutation(async ({ ctx, input }) => {
      if (!ctx.deps.runSource || !(ctx.deps.sourceNames?.() ?? []).includes(input.name)) {
        throw new AppError('NOT_FOUND', `未知的数据源 ${input.name} (unknown source)`)
      }
      const { meta } = ctx.deps
      await audit(meta, ctx.user.username, 'source_run', input.name)
      let summary: { ok?: boolean; loaded?: number; skipped?: 'running' | 'elsewhere'; error?: string }
      try {
        summary = (await ctx.deps.runSource(input.name)) as typeof summary
      } catch (err) {
        const error = plainError(err instanceof Error ? err.message : String(err))
        await audit(meta, ctx.user.username, 'source_run_finished', input.name, '', {
          after: { ok: false, error },
        })
        throw err
      }
      const result = {
        ok: Boolean(summary?.ok),
        loaded: Number(summary?.loaded ?? 0),
        skipped: summary?.skipped ?? null,
        error: plainError(summary?.error ?? null),
      }
      // The outcome, as the admin saw it: rows loaded, skipped (already running) or the error.
      const { skipped, error } = result
      await audit(meta, ctx.user.username, 'source_run_finished', input.name, '', {
        after: {
          ok: result.ok,
          loaded: result.loaded,
          ...(skipped ? { skipped } : {}),
          ...(error ? { error } : {}),
        },
      })
      return result
    }),
})
