import { parseArgs } from 'node:util'
import { openTestApp } from './testing'

/**
 * npm run bench:web [-- --scale 10 --runs 30]: latency of the scorecard procedure (what the
 * 总览 page calls) through a tRPC caller on demo data, warm (pre-aggregations built, result
 * cache off so every call runs its queries), district-wide and for one town.
 */
const { values } = parseArgs({
  options: { scale: { type: 'string', default: '10' }, runs: { type: 'string', default: '30' } },
})
const log = (m: string) => process.stderr.write(`${m}\n`)
const t0 = Date.now()
const app = await openTestApp(Number(values.scale), { cacheTtlMs: 0 })
log(`demo data scale ${values.scale} loaded in ${((Date.now() - t0) / 1000).toFixed(0)} s`)
await app.deps.semantic.refreshPreAggregations()
const leader = app.caller('leader')
const towns = await leader.reference.towns()

const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))]!
async function measure(label: string, fn: () => Promise<unknown>) {
  const first = performance.now()
  await fn()
  const cold = performance.now() - first
  const times: number[] = []
  for (let i = 0; i < Number(values.runs); i++) {
    const s = performance.now()
    await fn()
    times.push(performance.now() - s)
  }
  return `${label.padEnd(34)} first ${cold.toFixed(0).padStart(5)} ms   p50 ${pct(times, 0.5).toFixed(0).padStart(4)} ms   p95 ${pct(times, 0.95).toFixed(0).padStart(4)} ms`
}

const lines = [
  await measure('scorecard.get, district, 2024', () => leader.scorecard.get({ year: 2024 })),
  await measure(`scorecard.get, town ${towns[0]?.code}`, () =>
    leader.scorecard.get({ year: 2024, regionCode: towns[0]?.code }),
  ),
  await measure('scorecard.get, department account', () =>
    app.caller('dept_a').scorecard.get({ year: 2024 }),
  ),
  await measure('scorecard.detail, 网办率', () =>
    leader.scorecard.detail({ id: 'online_application_rate', year: 2024 }),
  ),
]
console.log(
  `scale ${values.scale}, ${values.runs} warm runs each (target: scorecard p50 < 500 ms)\n${lines.join('\n')}`,
)
await app.dispose()
process.exit(0)
