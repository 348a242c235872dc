import { defineConfig } from 'vitest/config'

// Long reliability suites (`npm run test:reliability`): one file at a time, so faults,
// memory figures and timings are not disturbed by another suite on a 2-core machine.
export default defineConfig({
  test: {
    include: ['{indicators,warehouse,etl,semantic-layer,web,test}/**/*.reliability.test.ts'],
    pool: 'forks',
    poolOptions: { forks: { singleFork: true } },
    fileParallelism: false,
    testTimeout: 600_000,
    hookTimeout: 900_000,
  },
})
