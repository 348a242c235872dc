import { z } from 'zod'
import { AppError } from '../../../errors/app-error'
import type { DataStatus, LoadRun, QuarantinedRow } from '../data-status'
import { download, toCsv } from '../export'
import { router, signedIn } from '../trpc'

/** Load freshness is not any department's data; departments do not see it. */
const STATUS_ROLES = ['leader', 'evaluator', 'analyst', 'admin'] as const
const Dataset = z.string().max(100)
/** Rows per page of runs and quarantine: the page asks for one page, never the whole log. */
export const MAX_PAGE = 100
/** Rows in one quarantine download (a run's worth; the file says when it was cut). */
export const MAX_QUARANTINE_DOWNLOAD = 20_000
const Paging = {
  limit: z.number().int().min(1).max(MAX_PAGE).default(20),
  offset: z.number().int().min(0).max(10_000_000).default(0),
}

/** The dataset filter must name a contract dataset (a ZodError: answered as invalid input). */
function checkDataset(data: DataStatus, dataset: string | undefined): void {
  if (dataset === undefined) return
  z.object({ dataset: z.enum(data.datasetNames as [string, ...string[]]) }).parse({ dataset })
}

/** An error as people read it: its first line, bounded (never a stack trace). */
export function plainError(text: string | null): string | null {
  if (!text) return null
  const line = text.split('\n').find((l) => l.trim() && !/^\s*at\s/.test(l)) ?? ''
  return line.trim().slice(0, 300) || null
}

const labelOf = (data: DataStatus) => {
  const labels = new Map(data.datasets.map((d) => [d.name, d.label]))
  return (dataset: string) => labels.get(dataset) ?? dataset
}

/** A run for people: the dataset's Chinese name, the error's first line. */
export const shownRun = (data: DataStatus) => {
  const label = labelOf(data)
  return (r: LoadRun) => ({ ...r, dataset_label: label(r.dataset), error: plainError(r.error) })
}

/** A quarantined row as field/value pairs, headers from the file (or the contract's for column names). */
export function quarantineFields(
  data: DataStatus,
  row: QuarantinedRow,
): Array<{ field: string; value: string }> {
  const fields = data.datasets.find((d) => d.name === row.dataset)?.fields ?? {}
  let parsed: unknown
  try {
    parsed = JSON.parse(row.raw_row)
  } catch {
    return [{ field: '原始内容', value: row.raw_row.slice(0, 2_000) }]
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    return [{ field: '原始内容', value: row.raw_row.slice(0, 2_000) }]
  }
  return Object.entries(parsed as Record<string, unknown>).map(([k, v]) => ({
    field: Object.hasOwn(fields, k) ? fields[k]! : k,
    value: v === null || v === undefined ? '' : typeof v === 'string' ? v : JSON.stringify(v),
  }))
}

export const dataRouter = router({
  status: signedIn(STATUS_ROLES).query(({ ctx }) => ctx.deps.data.status()),

  /** The contract's datasets with their Chinese names (for filters). */
  datasets: signedIn(STATUS_ROLES).query(({ ctx }) =>
    ctx.deps.data.datasets.map((d) => ({ name: d.name, label: d.label })),
  ),

  runs: signedIn(STATUS_ROLES)
    .input(z.object({ dataset: Dataset.optional(), ...Paging }))
    .query(async ({ ctx, input }) => {
      const data = ctx.deps.data
      checkDataset(data, input.dataset)
      const page = await data.runs({
        ...(input.dataset ? { dataset: input.dataset } : {}),
        limit: input.limit,
        offset: input.offset,
      })
      return { total: page.total, rows: page.rows.map(shownRun(data)) }
    }),

  quarantine: signedIn(STATUS_ROLES)
    .input(z.object({ runId: z.string().uuid().optional(), dataset: Dataset.optional(), ...Paging }))
    .query(async ({ ctx, input }) => {
      const data = ctx.deps.data
      checkDataset(data, input.dataset)
      const page = await data.quarantine({
        ...(input.runId ? { runId: input.runId } : {}),
        ...(input.dataset ? { dataset: input.dataset } : {}),
        limit: input.limit,
        offset: input.offset,
      })
      const label = labelOf(data)
      return {
        total: page.total,
        rows: page.rows.map((r) => ({
          run_id: r.run_id,
          dataset: r.dataset,
          dataset_label: label(r.dataset),
          row_number: r.row_number,
          reason: r.reason,
          fields: quarantineFields(data, r),
        })),
      }
    }),
})

/** Files: one run's quarantined rows as CSV (`GET /files/data.quarantineCsv`). */
export const dataFiles = router({
  quarantineCsv: signedIn(STATUS_ROLES)
    .input(z.object({ runId: z.string().uuid() }))
    .query(async ({ ctx, input }) => {
      const data = ctx.deps.data
      const page = await data.quarantine({ runId: input.runId, limit: MAX_QUARANTINE_DOWNLOAD, offset: 0 })
      if (page.total === 0) {
        throw new AppError('NOT_FOUND', '该次加载没有被隔离的行 (this run has no quarantined rows)')
      }
      const label = labelOf(data)
      const columns = [
        { key: '__dataset', title: '数据集' },
        { key: '__row', title: '文件行号' },
        { key: '__reason', title: '原因' },
      ]
      const keys = new Map<string, string>()
      const rows = page.rows.map((r) => {
        const out: Record<string, unknown> = {
          __dataset: label(r.dataset),
          __row: r.row_number,
          __reason: r.reason,
        }
        for (const { field, value } of quarantineFields(data, r)) {
          if (!keys.has(field)) keys.set(field, `f${keys.size}`)
          out[keys.get(field)!] = value
        }
        return out
      })
      for (const [title, key] of keys) columns.push({ key, title })
      const short = input.runId.slice(0, 8)
      return download(
        `隔离行_${label(page.rows[0]!.dataset)}_${short}.csv`,
        `quarantine_${short}.csv`,
        toCsv({ columns, rows }),
        {
          rows: rows.length,
        },
      )
    }),
})
