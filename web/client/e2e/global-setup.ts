import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { TestProject } from 'vitest/node'
import { buildClient, startServer } from './testing'

declare module 'vitest' {
  export interface ProvidedContext {
    clientDir: string
    templateDataDir: string
  }
}

/**
 * Once per run, before any browser test file, side by side:
 * - `vite build` into a directory of this run's own (runs side by side don't overwrite
 *   each other's client), which the servers serve;
 * - one server loads the demo data into a template DATA_DIR and stops; each test file's
 *   server starts on a copy of it (seconds, instead of loading the demo again).
 */
export default async function setup(project: TestProject): Promise<() => void> {
  const clientDir = fs.mkdtempSync(path.join(os.tmpdir(), 'scorecard-client-'))
  const [, template] = await Promise.all([buildClient(clientDir), startServer(clientDir)])
  await template.stop({ keepData: true })
  project.provide('clientDir', clientDir)
  project.provide('templateDataDir', template.dataDir)
  return () => {
    fs.rmSync(clientDir, { recursive: true, force: true })
    fs.rmSync(template.dataDir, { recursive: true, force: true })
  }
}
