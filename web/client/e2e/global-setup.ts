import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { TestProject } from 'vitest/node'
import { buildClient } from './testing'

declare module 'vitest' {
  export interface ProvidedContext {
    clientDir: string
  }
}

/**
 * Once per run, before any browser test file: `vite build` into a directory of this run's
 * own (so runs side by side don't overwrite each other's client), which the servers serve.
 */
export default function setup(project: TestProject): () => void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scorecard-client-'))
  buildClient(dir)
  project.provide('clientDir', dir)
  return () => fs.rmSync(dir, { recursive: true, force: true })
}
