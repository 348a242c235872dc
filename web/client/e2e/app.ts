import fs from 'node:fs'
import path from 'node:path'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, expect, inject } from 'vitest'
import { launchBrowser, openPage, type WatchedPage } from './browser'
import { assertSessionsWork, type Server, startServer } from './testing'

export interface App {
  server: Server
  browser: Browser
  /** Runs a step in a fresh browser context; console errors left over fail it. */
  withPage: (
    fn: (w: WatchedPage) => Promise<void>,
    viewport?: { width: number; height: number },
  ) => Promise<void>
  /** The demo accounts the server created (leader, …, dept_<code>). */
  demoUsers: () => string[]
}

/**
 * Per test file: the real server on a fresh DATA_DIR with demo data, and one Chromium.
 * `env`: settings for this file's server only (e.g. PLANS_DIR, SOURCES_FILE).
 */
export function setupApp(env: Record<string, string> = {}): App {
  const app = {} as App
  beforeAll(async () => {
    ;[app.server, app.browser] = await Promise.all([
      startServer(inject('clientDir'), inject('templateDataDir'), env),
      launchBrowser(),
    ])
    await assertSessionsWork(app.server.url, 'leader')
  })
  afterAll(async () => {
    await app.browser?.close()
    await app.server?.stop()
  })
  app.withPage = async (fn, viewport) => {
    const w = await openPage(app.browser, viewport)
    try {
      await fn(w)
      expect(w.errors, 'console errors / page exceptions').toEqual([])
    } finally {
      await w.context.close()
    }
  }
  app.demoUsers = () =>
    (
      JSON.parse(fs.readFileSync(path.join(app.server.dataDir, 'demo-accounts.json'), 'utf8')) as {
        usernames: string[]
      }
    ).usernames
  return app
}
