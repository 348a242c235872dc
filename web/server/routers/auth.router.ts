import { z } from 'zod'
import { AppError } from '../../../errors/app-error'
import { hashPassword, passwordProblem, verifyAccountPassword } from '../auth/password'
import type { Attempt } from '../auth/throttle'
import { audit, findUser, saveUser } from '../auth/users.store'
import { SESSION_COOKIE, setCookie } from '../cookies'
import { type Context, publicProcedure, router, signedIn } from '../trpc'

/** Reserves a password attempt for `username` from the caller's address, or answers 429. */
async function beginAttempt(ctx: Context, username: string): Promise<Attempt> {
  const r = await ctx.deps.throttle.begin(username, ctx.ip)
  if (r.ok) return r
  const s = r.retryAfterSeconds
  if (ctx.res && !ctx.res.headersSent) ctx.res.setHeader('retry-after', String(s))
  const zh = s < 60 ? `${s}秒` : `${Math.ceil(s / 60)}分钟`
  const en = s < 60 ? `${s} s` : `${Math.ceil(s / 60)} min`
  throw new AppError(
    'TOO_MANY_REQUESTS',
    `尝试次数过多，请${zh}后再试 (too many attempts, try again in ${en})`,
  )
}

/** A check that could not be made (e.g. warehouse down) does not count as a wrong password. */
async function settleOnError<T>(attempt: Attempt, step: () => Promise<T>): Promise<T> {
  try {
    return await step()
  } catch (err) {
    await attempt.release()
    throw err
  }
}

export const authRouter = router({
  me: publicProcedure.query(({ ctx }) => ctx.user),

  signIn: publicProcedure
    .input(z.object({ username: z.string().trim().min(1).max(64), password: z.string().min(1).max(256) }))
    .mutation(async ({ ctx, input }) => {
      const { meta, sessions, config } = ctx.deps
      // Counted before the password is checked: batched and parallel attempts count too.
      const attempt = await beginAttempt(ctx, input.username)
      const user = await settleOnError(attempt, () => findUser(meta, input.username))
      // Unknown and disabled accounts cost the same scrypt check as real ones (no enumeration).
      const ok = await settleOnError(attempt, () => verifyAccountPassword(input.password, user))
      if (!ok || !user) {
        await attempt.fail()
        await audit(meta, input.username, 'sign_in_failed', '', ctx.ip)
        throw new AppError('UNAUTHORIZED', '用户名或密码错误 (wrong username or password)')
      }
      await attempt.succeed()
      const { token } = await meta.transaction().execute(async (trx) => {
        const session = await sessions.create(user.username, trx)
        await audit(trx, user.username, 'sign_in', '', ctx.ip)
        return session
      })
      if (ctx.res)
        setCookie(ctx.res, SESSION_COOKIE, token, {
          httpOnly: true,
          secure: config.cookieSecure,
          maxAgeSeconds: config.sessionTtlHours * 3600,
        })
      const { password_hash: _, ...pub } = user
      return pub
    }),

  signOut: signedIn().mutation(async ({ ctx }) => {
    if (ctx.sessionToken) {
      await ctx.deps.sessions.revoke(ctx.sessionToken)
      await audit(ctx.deps.meta, ctx.user.username, 'sign_out', '', ctx.ip)
    }
    if (ctx.res) setCookie(ctx.res, SESSION_COOKIE, '', { httpOnly: true, maxAgeSeconds: 0 })
    return { ok: true }
  }),

  changePassword: signedIn()
    .input(z.object({ current: z.string().min(1).max(256), next: z.string().min(1).max(256) }))
    .mutation(async ({ ctx, input }) => {
      const { meta, sessions } = ctx.deps
      // Guessing the current password here counts against the same (user, address) budget.
      const attempt = await beginAttempt(ctx, ctx.user.username)
      const user = await settleOnError(attempt, () => findUser(meta, ctx.user.username))
      if (!(await settleOnError(attempt, () => verifyAccountPassword(input.current, user))) || !user) {
        await attempt.fail()
        throw new AppError('BAD_REQUEST', '当前密码不正确 (current password is wrong)')
      }
      await attempt.succeed()
      const problem = passwordProblem(input.next, user.username)
      if (problem) throw new AppError('BAD_REQUEST', problem)
      const password_hash = await hashPassword(input.next)
      await meta.transaction().execute(async (trx) => {
        await saveUser(trx, { ...user, password_hash }, true)
        await sessions.revokeAll(user.username, trx)
        await audit(trx, user.username, 'password_changed')
      })
      if (ctx.res) setCookie(ctx.res, SESSION_COOKIE, '', { httpOnly: true, maxAgeSeconds: 0 })
      return { ok: true }
    }),
})
