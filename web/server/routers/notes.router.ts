import { z } from 'zod'
import { Year } from '../../../indicators/plan.schema'
import { NOTE_BODY_MAX, NOTE_KINDS, NOTE_SCOPE_KINDS } from '../../shared/notes'
import { addNote, notesForPage, removeNote, selectNote } from '../notes/notes.service'
import { ALL_ROLES, EVALUATION_ROLES, router, signedIn } from '../trpc'

/**
 * 动态与说明: notes on an indicator × scope × year. A department account only ever reaches
 * its own department's notes (the service takes the department from the account).
 */

const Id = z.number().int().positive()
const IndicatorId = z
  .string()
  .max(64)
  .regex(/^[a-z0-9_]+$/)
const NoteScopeInput = z.object({
  kind: z.enum(NOTE_SCOPE_KINDS),
  code: z
    .string()
    .regex(/^[A-Za-z0-9_.-]{1,64}$/, '代码格式不正确 (invalid code)')
    .optional(),
})
const Page = z.object({ indicatorId: IndicatorId, year: Year, scope: NoteScopeInput })

export const notesRouter = router({
  /** The notes of the indicator page's scope and year, newest first (analysts read them too). */
  list: signedIn(ALL_ROLES)
    .input(Page)
    .query(({ ctx, input }) => notesForPage(ctx.deps, ctx.user, input)),

  add: signedIn(['leader', 'evaluator', 'admin', 'department'])
    .input(
      Page.extend({
        month: z.number().int().min(1).max(12).nullable().default(null),
        kind: z.enum(NOTE_KINDS),
        body: z.string().max(NOTE_BODY_MAX),
      }),
    )
    .mutation(({ ctx, input }) => addNote(ctx.deps, ctx.user, input)),

  /** The author deletes their own note. */
  remove: signedIn(['leader', 'evaluator', 'admin', 'department'])
    .input(z.object({ id: Id }))
    .mutation(async ({ ctx, input }) => {
      await removeNote(ctx.deps, ctx.user, input.id)
      return { ok: true as const }
    }),

  /** 选入报告: in or out of the briefing and the final evaluation report. */
  select: signedIn(EVALUATION_ROLES)
    .input(z.object({ id: Id, selected: z.boolean() }))
    .mutation(async ({ ctx, input }) => {
      await selectNote(ctx.deps, ctx.user, input.id, input.selected)
      return { ok: true as const }
    }),
})
