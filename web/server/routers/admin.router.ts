import { z } from 'zod'
import { AppError } from '../../../errors/app-error'
import { hashPassword, passwordProblem } from '../auth/password'
import { ROLES } from '../auth/roles'
import { audit, findUser, listUsers, saveUser } from '../auth/users.store'
import { ADMIN, router, signedIn } from '../trpc'

const Username = z.string().regex(/^[a-z0-9_.-]{2,64}$/, '用户名: 小写字母、数字、_ . - (2–64)')

export const adminRouter = router({
  users: signedIn(ADMIN).query(({ ctx }) => listUsers(ctx.deps.meta)),

  saveUser: signedIn(ADMIN)
    .input(
      z.object({
        username: Username,
        display_name: z.string().trim().min(1).max(64),
        role: z.enum(ROLES),
        dept_code: z
          .string()
          .regex(/^[A-Za-z0-9_.-]{1,64}$/)
          .nullable()
          .default(null),
        disabled: z.boolean().default(false),
        password: z.string().max(256).optional(),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const { meta, sessions } = ctx.deps
      if (input.role === 'department' && !input.dept_code) {
        throw new AppError('BAD_REQUEST', '部门账号必须绑定部门 (a department account needs dept_code)')
      }
      const existing = await findUser(meta, input.username)
      if (!existing && !input.password)
        throw new AppError('BAD_REQUEST', '新账号需要密码 (a new account needs a password)')
      if (input.password) {
        const problem = passwordProblem(input.password, input.username)
        if (problem) throw new AppError('BAD_REQUEST', problem)
      }
      const password_hash = input.password ? await hashPassword(input.password) : existing!.password_hash
      await meta.transaction().execute(async (trx) => {
        await saveUser(
          trx,
          {
            username: input.username,
            display_name: input.display_name,
            role: input.role,
            dept_code: input.role === 'department' ? input.dept_code : null,
            disabled: input.disabled,
            password_hash,
          },
          Boolean(input.password),
        )
        if (input.password || input.disabled || (existing && existing.role !== input.role))
          await sessions.revokeAll(input.username, trx)
        await audit(
          trx,
          ctx.user.username,
          existing ? 'user_updated' : 'user_created',
          input.username,
          input.role,
        )
      })
      return { ok: true }
    }),

  sources: signedIn(ADMIN).query(({ ctx }) => ctx.deps.sourceNames?.() ?? []),

  runSource: signedIn(ADMIN)
    .input(z.object({ name: z.string().max(64) }))
    .mutation(async ({ ctx, input }) => {
      if (!ctx.deps.runSource || !(ctx.deps.sourceNames?.() ?? []).includes(input.name)) {
        throw new AppError('NOT_FOUND', `未知的数据源 ${input.name} (unknown source)`)
      }
      await audit(ctx.deps.meta, ctx.user.username, 'source_run', input.name)
      return ctx.deps.runSource(input.name)
    }),
})
