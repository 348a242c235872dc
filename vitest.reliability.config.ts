import { defineConfig } from 'vitest/config'

// `npm run test:reliability`: the long suites (*.reliability.test.ts, kept out of `npm test`)
// and the default suites that prove reliability and security, one file at a time, so
// faults, memory figures and timings are not disturbed by another suite on 2 cores.
const ALSO_IN_DEFAULT_RUN = [
  'etl/corpus.test.ts',
  'etl/load/kill.test.ts',
  'etl/sources/sources.test.ts',
  'web/server/authz.test.ts',
  'web/server/http.test.ts',
  'web/server/export.test.ts',
  'web/server/routers/routers.test.ts',
  'web/server/isolation.test.ts',
  'web/server/explore-boundary.test.ts',
  'web/server/sessions.test.ts',
  'web/server/secrets-log.test.ts',
  'web/server/hostile/sign-in.test.ts',
  'web/server/hostile/edge.test.ts',
  'web/server/hostile/uploads.test.ts',
]

export default defineConfig({
  test: {
    include: [
      '{app,files,indicators,warehouse,meta,etl,semantic-layer,web,test}/**/*.reliability.test.ts',
      ...ALSO_IN_DEFAULT_RUN,
    ],
    pool: 'forks',
    // One file at a time, each in a fresh process: chDB binds one data directory per process.
    poolOptions: { forks: { maxForks: 1, minForks: 1, isolate: true } },
    fileParallelism: false,
    testTimeout: 600_000,
    hookTimeout: 900_000,
  },
})
