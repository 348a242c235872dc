/**
 * The import rules, written once. README.md's "Architecture" table shows the same edges;
 * test/architecture.test.ts fails when the code breaks a rule, when the table and these
 * rules disagree, or when the rules themselves form a circle.
 *
 * A layer is a folder. A file belongs to the longest layer path that contains it
 * (`web/server/routers/x.ts` is in `web/server`). Within a layer anything goes; across
 * layers only the edges below. Every import counts: static, `export … from`, dynamic
 * `import()`, `import type`. No file-level import circle is allowed in production code.
 */
export const LAYERS = {
  /** The one base of user-facing errors (`AppError`, with its HTTP status): below every layer. */
  errors: [],
  /** Safe reading of untrusted files: the zip guard, the XLSX cells reader, the XML scanner. */
  files: ['errors'],
  warehouse: ['errors'],
  /** The application-state store (PostgreSQL: embedded PGlite or a server), beside the analytics. */
  meta: ['errors', 'warehouse'],
  indicators: ['errors'],
  etl: ['warehouse', 'files', 'errors'],
  'semantic-layer': ['warehouse', 'indicators', 'errors'],
  /** Plain constants both sides of the wire use. */
  'web/shared': [],
  'web/server': ['web/shared', 'semantic-layer', 'indicators', 'warehouse', 'meta', 'files', 'errors'],
  'web/client': ['web/shared', 'indicators'],
  /** The composition root: the only place that ties etl, semantic-layer and web together. */
  app: ['web/server', 'etl', 'semantic-layer', 'indicators', 'warehouse', 'meta', 'files', 'errors'],
} as const satisfies Record<string, readonly string[]>

export type Layer = keyof typeof LAYERS

/**
 * Edges allowed only as `import type` (erased from the build): the client knows the
 * server's router type, never its code.
 */
export const TYPE_ONLY: Partial<Record<Layer, readonly Layer[]>> = {
  'web/client': ['web/server'],
}

/**
 * Test code and dev tools are exempt from the rules (they may import anything, a test
 * harness loads demo data through the ETL), but production code may not import them:
 * - the `test/` folder; anything under a `testing/`, `bench/` or `e2e/` folder;
 * - `*.test.ts(x)` (including `*.reliability.test.ts`, `*.browser.test.ts`);
 * - `testing.ts`, `*.testing.ts`, `fixtures.ts`, `*.fixtures.ts`;
 * - benches (`bench.ts`) and the crash-injection CLIs reliability tests spawn (`*-kill.cli.ts`);
 * - the load-test driver `web/server/load/`.
 * Files at the repository root are build and test configuration (vite, vitest, this file).
 * The CLIs people run (`etl/cli.ts`, `semantic-layer/cli/`, `app/migrate.cli.ts`)
 * are production code.
 */
const TEST_CODE: readonly RegExp[] = [
  /^test\//,
  /(^|\/)(testing|bench|e2e)\//,
  /\.test\.tsx?$/,
  /(^|[/.])(testing|fixtures)\.ts$/,
  /(^|\/)bench\.ts$/,
  /-kill\.cli\.ts$/,
  /^web\/server\/load\//,
]

/** Repository-relative path with `/` separators. */
export function isTestCode(file: string): boolean {
  return TEST_CODE.some((re) => re.test(file))
}

export function isRootFile(file: string): boolean {
  return !file.includes('/')
}

/** The layer a file or folder path belongs to, or undefined (root files, unknown folders). */
export function layerOf(file: string): Layer | undefined {
  let best: Layer | undefined
  for (const layer of Object.keys(LAYERS) as Layer[]) {
    if (file === layer || file.startsWith(`${layer}/`)) {
      if (!best || layer.length > best.length) best = layer
    }
  }
  return best
}
