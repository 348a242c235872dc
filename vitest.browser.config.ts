import { defineConfig } from 'vitest/config'

// Real-browser tests: build the client once (globalSetup); each file starts the real server
// on a fresh DATA_DIR and drives Debian's Chromium (playwright-core).
// One fork, one file at a time: the server and the browser are heavy on a 2-core machine.
export default defineConfig({
  test: {
    include: ['web/client/e2e/**/*.browser.test.ts'],
    globalSetup: ['web/client/e2e/global-setup.ts'],
    pool: 'forks',
    poolOptions: { forks: { singleFork: true } },
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 240_000,
  },
})
