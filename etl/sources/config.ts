import fs from 'node:fs'
import path from 'node:path'
import { validate as validCron } from 'node-cron'
import YAML from 'yaml'
import { z } from 'zod'
import { DATASET_NAMES } from '../contract/datasets'

/** Scheduled sources, declared in a YAML file (SOURCES_FILE). See etl/sources/README.md. */
const Common = {
  name: z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, 'name: lowercase letters, digits, - and _'),
  dataset: z.enum(DATASET_NAMES as [string, ...string[]], {
    error: `dataset must be one of ${DATASET_NAMES.join(', ')}`,
  }),
  schedule: z.string().refine((s) => validCron(s), 'schedule must be a cron expression, e.g. "*/10 * * * *"'),
  retries: z.number().int().min(0).max(10).default(3),
  retry_delay_ms: z.number().int().min(0).default(2000),
  enabled: z.boolean().default(true),
}

export const FolderSource = z.object({
  ...Common,
  type: z.literal('folder'),
  path: z.string(),
  /** A file must be unchanged this long before it is picked up (still being copied otherwise). */
  settle_ms: z.number().int().min(0).default(2000),
})
export type FolderSource = z.infer<typeof FolderSource>

export const HttpSource = z.object({
  ...Common,
  type: z.literal('http'),
  url: z.url({ protocol: /^https?$/ }),
  headers: z.record(z.string(), z.string()).default({}),
  page_size: z.number().int().min(1).max(100_000).default(1000),
  page_param: z.string().default('page'),
  page_size_param: z.string().default('page_size'),
  watermark_param: z.string().default('updated_since'),
  /** Field of each record that carries its update time; its maximum becomes the next watermark. */
  watermark_field: z.string().default('updated_at'),
  /** Where the records are in the response body: a top-level array, or this property. */
  records_path: z.string().default('data'),
  timeout_ms: z.number().int().min(100).default(30_000),
  max_pages: z.number().int().min(1).default(10_000),
})
export type HttpSource = z.infer<typeof HttpSource>

export const Source = z.discriminatedUnion('type', [FolderSource, HttpSource])
export type Source = z.infer<typeof Source>

export const SourcesFile = z
  .object({ sources: z.array(Source).default([]) })
  .refine(
    (f) => new Set(f.sources.map((s) => s.name)).size === f.sources.length,
    'source names must be unique',
  )

export function loadSourcesConfig(file: string): Source[] {
  let doc: unknown
  try {
    doc = YAML.parse(fs.readFileSync(file, 'utf8'))
  } catch (err) {
    throw new Error(`数据源配置无法读取 (cannot read sources file) ${file}: ${(err as Error).message}`)
  }
  const parsed = SourcesFile.safeParse(doc ?? {})
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `  - ${i.path.join('.')}: ${i.message}`).join('\n')
    throw new Error(`数据源配置有误 (invalid sources file) ${file}:\n${issues}`)
  }
  const base = path.dirname(path.resolve(file))
  return parsed.data.sources.map((s) =>
    s.type === 'folder' ? { ...s, path: path.resolve(base, s.path) } : s,
  )
}
