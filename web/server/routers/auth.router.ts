import { TRPCError } from '@trpc/server'
import { z } from 'zod'
import { hashPassword, passwordProblem, verifyPassword } from '../auth/password'
import { audit, findUser, saveUser } from '../auth/users.store'
import { SESSION_COOKIE, setCookie } from '../cookies'
import { procedure, router } from '../trpc'

export const authRouter = router({
  me: procedure.meta({ access: 'public' }).query(({ ctx }) => ctx.user),

  signIn: procedure
    .meta({ access: 'public' })
    .input(z.object({ username: z.string().trim().min(1).max(64), password: z.string().min(1).max(256) }))
    .mutation(async ({ ctx, input }) => {
      const { throttle, wh, sessions, config } = ctx.deps
      const keys = [`user:${input.username}`, `ip:${ctx.ip}`]
      const wait = throttle.retryAfter(keys)
      if (wait > 0) {
        throw new TRPCError({
          code: 'TOO_MANY_REQUESTS',
          message: `登录失败次数过多，请${Math.ceil(wait / 60)}分钟后再试 (too many attempts)`,
        })
      }
      const user = await findUser(wh, input.username)
      const ok = user && !user.disabled && (await verifyPassword(input.password, user.password_hash))
      if (!ok || !user) {
        throttle.fail(keys)
        await audit(wh, input.username, 'sign_in_failed', '', ctx.ip)
        throw new TRPCError({
          code: 'UNAUTHORIZED',
          message: '用户名或密码错误 (wrong username or password)',
        })
      }
      throttle.succeed(keys)
      const { token } = await sessions.create(user.username)
      if (ctx.res)
        setCookie(ctx.res, SESSION_COOKIE, token, {
          httpOnly: true,
          secure: config.cookieSecure,
          maxAgeSeconds: config.sessionTtlHours * 3600,
        })
      await audit(wh, user.username, 'sign_in', '', ctx.ip)
      const { password_hash: _, ...pub } = user
      return pub
    }),

  signOut: procedure.meta({ access: 'authenticated' }).mutation(async ({ ctx }) => {
    if (ctx.sessionToken) await ctx.deps.sessions.revoke(ctx.sessionToken)
    if (ctx.res) setCookie(ctx.res, SESSION_COOKIE, '', { httpOnly: true, maxAgeSeconds: 0 })
    return { ok: true }
  }),

  changePassword: procedure
    .meta({ access: 'authenticated' })
    .input(z.object({ current: z.string().min(1), next: z.string().min(1).max(256) }))
    .mutation(async ({ ctx, input }) => {
      const { wh, sessions } = ctx.deps
      const user = await findUser(wh, ctx.user!.username)
      if (!user || !(await verifyPassword(input.current, user.password_hash))) {
        throw new TRPCError({ code: 'BAD_REQUEST', message: '当前密码不正确 (current password is wrong)' })
      }
      const problem = passwordProblem(input.next)
      if (problem) throw new TRPCError({ code: 'BAD_REQUEST', message: problem })
      await saveUser(wh, { ...user, password_hash: await hashPassword(input.next) }, true)
      await sessions.revokeAll(user.username)
      await audit(wh, user.username, 'password_changed')
      if (ctx.res) setCookie(ctx.res, SESSION_COOKIE, '', { httpOnly: true, maxAgeSeconds: 0 })
      return { ok: true }
    }),
})
