import fs from 'node:fs'
import path from 'node:path'
import { z } from 'zod'
import type { Warehouse } from '../../warehouse/client'
import { ch, defineQuery } from '../../warehouse/query'
import { copyDefaultCalendar } from '../calendar/default-calendar'
import { writeAppActivity } from './app-activity'
import { APPLICATION_HEADER, applicationsFileSql, badRowPlan } from './applications.sql'
import { buildCatalogue } from './catalogue'
import { writeDepartments, writeRegions, writeServiceItems } from './dimension-files'
import { buildDepartments, buildTowns } from './dimensions'
import { defaultSink, type EngineFileSpec, type EngineSink, writeEngineFile } from './engine-file.writer'
import { EVALUATION_HEADER, evaluationsCountSql, evaluationsFileSql } from './evaluations.sql'
import { buildFactContext, type FactContext } from './fact-context'
import { GOVERNANCE_HEADER, governanceEventsFileSql } from './governance-events.sql'
import { hotlineTicketsFileSql } from './hotline-tickets.sql'
import { SHARING_HEADER, sharingParams, sharingRequestsFileSql } from './sharing-requests.sql'
import { GENERATED_AT, VOLUME } from './story'

export type DemoDataset =
  | 'regions'
  | 'departments'
  | 'service_items'
  | 'service_applications'
  | 'evaluations'
  | 'hotline_tickets'
  | 'sharing_requests'
  | 'governance_events'
  | 'app_activity'
  | 'calendar'

export interface ManifestFile {
  dataset: DemoDataset
  /** file name inside the output directory */
  file: string
  format: 'xlsx' | 'csv' | 'jsonl'
  /** text encoding; null for XLSX */
  encoding: 'utf-8' | 'utf-8-bom' | 'gbk' | null
  /** data rows in the file (header excluded), deliberately bad ones included */
  rows: number
  /** rows the ETL must reject to quarantine */
  expectedRejected: number
}

export interface Manifest {
  scale: number
  /** fixed, so that a scale always produces byte-identical files */
  generatedAt: string
  /** in load order */
  files: ManifestFile[]
}

export interface DemoProgress {
  dataset: DemoDataset
  file: string
  rows: number
  seconds: number
}

export interface GenerateDemoOptions {
  wh: Warehouse
  outDir: string
  /** 1 ≈ 1M applications; fractions (e.g. 0.01) for tests */
  scale: number
  onProgress?: (p: DemoProgress) => void
  /** how engine-generated files reach the disk; defaults to what the warehouse mode allows */
  sink?: EngineSink
}

export const MANIFEST_FILE = 'manifest.json'

/**
 * Writes a deterministic demo district (dimensions from JavaScript, the large facts
 * generated inside the engine) in the contract's file formats, plus manifest.json.
 */
export async function generateDemoData(opts: GenerateDemoOptions): Promise<Manifest> {
  const { wh, scale } = opts
  if (!Number.isFinite(scale) || scale <= 0)
    throw new Error(`demo scale must be a positive number, got ${scale}`)
  const outDir = path.resolve(opts.outDir)
  fs.mkdirSync(outDir, { recursive: true })
  const sink = opts.sink ?? defaultSink(wh)
  const scaled = (n: number) => Math.max(1, Math.round(n * scale))

  const towns = buildTowns()
  const depts = buildDepartments()
  const items = buildCatalogue(depts)
  const ctx = buildFactContext(depts, towns, items)
  const files: ManifestFile[] = []

  async function step(
    entry: Omit<ManifestFile, 'rows' | 'expectedRejected'>,
    run: () => Promise<number> | number,
    expectedRejected = 0,
  ) {
    const started = performance.now()
    const rows = await run()
    files.push({ ...entry, rows, expectedRejected })
    opts.onProgress?.({
      dataset: entry.dataset,
      file: entry.file,
      rows,
      seconds: (performance.now() - started) / 1000,
    })
  }
  const out = (file: string) => path.join(outDir, file)
  const engine = async (spec: Omit<EngineFileSpec, 'params'> & { params?: EngineFileSpec['params'] }) =>
    writeEngineFile(wh, { ...spec, params: { ...ctx.params, ...spec.params } }, sink)

  await step({ dataset: 'regions', file: 'regions.xlsx', format: 'xlsx', encoding: null }, () =>
    writeRegions(out('regions.xlsx'), towns),
  )
  await step({ dataset: 'departments', file: 'departments.xlsx', format: 'xlsx', encoding: null }, () =>
    writeDepartments(out('departments.xlsx'), depts),
  )
  await step({ dataset: 'service_items', file: 'service_items.csv', format: 'csv', encoding: 'gbk' }, () =>
    writeServiceItems(out('service_items.csv'), items, depts),
  )

  const applications = scaled(VOLUME.applications)
  await step(
    { dataset: 'service_applications', file: 'service_applications.csv', format: 'csv', encoding: 'utf-8' },
    async () => {
      await engine({
        path: out('service_applications.csv'),
        select: applicationsFileSql(ctx, applications),
        params: { demoRows: applications },
        format: 'csv',
        header: APPLICATION_HEADER,
      })
      return applications
    },
    badRowPlan(applications).count,
  )
  await step(
    { dataset: 'evaluations', file: 'evaluations.csv', format: 'csv', encoding: 'utf-8-bom' },
    async () => {
      const params = { demoRows: applications }
      await engine({
        path: out('evaluations.csv'),
        select: evaluationsFileSql(ctx, applications),
        params,
        format: 'csv',
        header: EVALUATION_HEADER,
        bom: true,
      })
      return countRows(wh, ctx, evaluationsCountSql(ctx, applications), params)
    },
  )
  await step(
    { dataset: 'hotline_tickets', file: 'hotline_tickets.jsonl', format: 'jsonl', encoding: 'utf-8' },
    async () => {
      const rows = scaled(VOLUME.hotlineTickets)
      await engine({
        path: out('hotline_tickets.jsonl'),
        select: hotlineTicketsFileSql(ctx),
        params: { demoRows: rows },
        format: 'jsonl',
      })
      return rows
    },
  )
  await step(
    { dataset: 'sharing_requests', file: 'sharing_requests.csv', format: 'csv', encoding: 'utf-8' },
    async () => {
      const rows = scaled(VOLUME.sharingRequests)
      await engine({
        path: out('sharing_requests.csv'),
        select: sharingRequestsFileSql(ctx),
        params: { demoRows: rows, ...sharingParams(ctx) },
        format: 'csv',
        header: SHARING_HEADER,
      })
      return rows
    },
  )
  await step(
    { dataset: 'governance_events', file: 'governance_events.csv', format: 'csv', encoding: 'utf-8' },
    async () => {
      const rows = scaled(VOLUME.governanceEvents)
      await engine({
        path: out('governance_events.csv'),
        select: governanceEventsFileSql(ctx),
        params: { demoRows: rows },
        format: 'csv',
        header: GOVERNANCE_HEADER,
      })
      return rows
    },
  )
  await step({ dataset: 'app_activity', file: 'app_activity.csv', format: 'csv', encoding: 'utf-8' }, () =>
    writeAppActivity(out('app_activity.csv')),
  )
  // The district works by the shipped working-day calendar (holidays and make-up days).
  await step({ dataset: 'calendar', file: 'calendar.csv', format: 'csv', encoding: 'utf-8' }, () =>
    copyDefaultCalendar(out('calendar.csv')),
  )

  const manifest: Manifest = { scale, generatedAt: GENERATED_AT, files }
  fs.writeFileSync(out(MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`)
  return manifest
}

/** The generator's own count query (its SQL built from the demo volumes), one row: `rows`. */
async function countRows(wh: Warehouse, ctx: FactContext, sql: string, params: Record<string, unknown>) {
  const count = defineQuery({
    name: 'demo.generated_rows',
    sql,
    params: z.record(z.string(), z.unknown()),
    row: z.object({ rows: ch.int64() }),
  })
  const [row] = await wh.query(count, { ...ctx.params, ...params })
  return row?.rows ?? 0
}
