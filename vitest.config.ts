import { defineConfig } from 'vitest/config'

// chDB binds one data directory per process, so each test file runs in its own
// forked process with its own temporary warehouse.
export default defineConfig({
  test: {
    pool: 'forks',
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
    include: ['{app,errors,files,indicators,warehouse,meta,etl,semantic-layer,web,test}/**/*.test.ts'],
    exclude: ['**/node_modules/**', '**/*.reliability.test.ts', '**/*.browser.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
})
