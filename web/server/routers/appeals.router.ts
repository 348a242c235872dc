import { z } from 'zod'
import { APPEAL_REASON_MAX, DECISION_REASON_MAX } from '../../shared/appeals'
import type { Download } from '../export'
import {
  appealEvidenceForDownload,
  decideAppeal,
  discardDraft,
  fileAppeal,
  publicityView,
  reviewList,
  saveDraft,
  uploadAppealEvidence,
} from '../scoring/appeals.service'
import { openWindows } from '../scoring/appeals.store'
import { PeriodInput, periodFromKey, resolvePeriod } from '../scoring/period'
import { ALL_ROLES, EVALUATION_ROLES, router, signedIn } from '../trpc'
import { Scope } from './ranking.router'

/**
 * 公示与申诉: a department's report card while its ranking is in publicity, its appeals, and
 * the evaluators' review. A department account only ever reaches its own department (the
 * service takes the department from the account, never from the request).
 */

const Id = z.number().int().positive()
const Subject = z.object({
  subjectKind: z.enum(['indicator', 'adjustment']),
  subjectRef: z.string().min(1).max(80),
})

export const appealsRouter = router({
  /** Department rankings now in publicity (for the department's 考核结果 page). */
  windows: signedIn(ALL_ROLES).query(async ({ ctx }) => {
    const rows = await openWindows(ctx.deps.meta)
    return rows
      .filter((w) => w.unit_type === 'department' || ctx.user.role !== 'department')
      .flatMap((w) => {
        const p = periodFromKey(w.period_key)
        return p ? [{ w, p }] : []
      })
      .map(({ w, p }) => ({
        period_key: w.period_key,
        period: { type: p.type, year: p.year, ...(p.type === 'year' ? {} : { index: p.index }) },
        period_label: p.label,
        unit_type: w.unit_type,
        closes_at: w.closes_at,
        publish_requested_by: w.publish_requested_by,
      }))
  }),

  /** The department's own report card in publicity, and its appeals. */
  mine: signedIn(['department'])
    .input(z.object({ period: PeriodInput }))
    .query(({ ctx, input }) => publicityView(ctx.deps, ctx.user, resolvePeriod(input.period))),

  saveDraft: signedIn(['department'])
    .input(
      Subject.extend({
        period: PeriodInput,
        appealId: Id.optional(),
        reason: z.string().max(APPEAL_REASON_MAX),
        evidenceIds: z.array(Id).max(10).default([]),
      }),
    )
    .mutation(async ({ ctx, input }) => ({
      id: await saveDraft(ctx.deps, ctx.user, { ...input, period: resolvePeriod(input.period) }),
    })),

  file: signedIn(['department'])
    .input(z.object({ period: PeriodInput, id: Id }))
    .mutation(async ({ ctx, input }) => {
      await fileAppeal(ctx.deps, ctx.user, resolvePeriod(input.period), input.id)
      return { ok: true as const }
    }),

  discard: signedIn(['department'])
    .input(z.object({ period: PeriodInput, id: Id }))
    .mutation(async ({ ctx, input }) => {
      await discardDraft(ctx.deps, ctx.user, resolvePeriod(input.period), input.id)
      return { ok: true as const }
    }),

  /** The evaluators' review list: filed and decided appeals of the period's latest publicity. */
  review: signedIn(EVALUATION_ROLES)
    .input(Scope)
    .query(({ ctx, input }) => reviewList(ctx.deps, input.unitType, resolvePeriod(input.period))),

  decide: signedIn(EVALUATION_ROLES)
    .input(
      Scope.extend({
        id: Id,
        accept: z.boolean(),
        reason: z.string().max(DECISION_REASON_MAX),
        points: z.number().min(-100).max(100).optional(),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      await decideAppeal(ctx.deps, ctx.user.username, { ...input, period: resolvePeriod(input.period) })
      return { ok: true as const }
    }),
})

/** Appeal evidence over plain HTTP (web/server/file-routes.ts). */
export const appealsFiles = router({
  /** `POST /files/appeals.uploadEvidence` with the file as the body: checked, stored, not yet attached. */
  uploadEvidence: signedIn(['department'])
    .input(z.object({ file: z.instanceof(Buffer), name: z.string().max(200).default('') }))
    .mutation(({ ctx, input }) => uploadAppealEvidence(ctx.deps, ctx.user, input.file, input.name)),

  /** `GET /files/appeals.evidence?input={"id":N}`: always an attachment, with the sniffed type. */
  evidence: signedIn(ALL_ROLES)
    .input(z.object({ id: Id }))
    .query(async ({ ctx, input }): Promise<Download> => {
      const file = await appealEvidenceForDownload(ctx.deps, ctx.user, input.id)
      const ext = file.file_name.split('.').pop() ?? 'bin'
      return {
        filename: file.file_name,
        asciiName: `appeal-evidence-${file.id}.${ext}`,
        contentType: file.content_type,
        body: Buffer.from(file.body),
      }
    }),
})
