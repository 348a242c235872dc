import path from 'node:path'
import { parseArgs } from 'node:util'
import { loadPlans } from '../../../indicators/plans'
import { launchBrowser, openPage, signIn } from '../e2e/browser'
import { ROOT, startServer } from '../e2e/testing'

/**
 * `npm run bench:browser [-- --scale 10 --runs 10 --json]`: navigation start → every 总览 card
 * painted with its figures, in Chromium, as a signed-in leader with the JS already cached (a
 * returning user). Median of the runs, with the share spent waiting on the server (the union
 * of the tRPC requests' request→first-byte intervals) and the first screen's JS as sent
 * (compressed). The demo district at `--scale` is loaded once into `.bench/browser-scale-N`
 * and reused.
 */
const { values } = parseArgs({
  options: {
    scale: { type: 'string', default: '10' },
    runs: { type: 'string', default: '10' },
    json: { type: 'boolean', default: false },
  },
})
const scale = Number(values.scale)
const runs = Math.max(1, Math.round(Number(values.runs)))
const dataDir = path.join(ROOT, '.bench', `browser-scale-${scale}`)
const say = (m: string) => {
  if (!values.json) console.log(m)
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b)
  const mid = Math.floor(s.length / 2)
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2
}

/** Total length of the union of intervals (requests that overlap count once). */
function unionMs(intervals: Array<[number, number]>): number {
  let total = 0
  let end = -Infinity
  for (const [a, b] of [...intervals].sort((x, y) => x[0] - y[0])) {
    if (b <= end) continue
    total += b - Math.max(a, end)
    end = b
  }
  return total
}

const cards = loadPlans().current.catalog.indicators.length
say(`准备演示数据 (scale ${scale}) → ${dataDir} …`)
const started = Date.now()
const server = await startServer(
  path.join(ROOT, 'dist/client'),
  undefined,
  { DATA_DIR: dataDir, DEMO_SCALE: String(scale), LOG_LEVEL: 'warn' },
  3_600_000,
)
say(`服务就绪 (${((Date.now() - started) / 1000).toFixed(1)} s)`)
const browser = await launchBrowser()
try {
  const { page } = await openPage(browser)
  await signIn(page, server.url, 'leader')
  const measure = async (i: number) => {
    await page.goto(`${server.url}/?run=${i}#/`, { waitUntil: 'commit' })
    const painted = await page.waitForFunction(
      (n) => {
        const shown = document.querySelectorAll('[data-testid=indicator-card]')
        if (shown.length < n || document.querySelector('[aria-busy=true], .state-loading')) return null
        return performance.now()
      },
      cards,
      { polling: 'raf', timeout: 120_000 },
    )
    const ms = (await painted.jsonValue()) as number
    const entries = await page.evaluate(() =>
      performance.getEntriesByType('resource').map((e) => {
        const r = e as PerformanceResourceTiming
        return {
          name: r.name,
          type: r.initiatorType,
          start: r.requestStart,
          first: r.responseStart,
          bytes: r.encodedBodySize,
        }
      }),
    )
    const waited = unionMs(entries.filter((e) => e.name.includes('/trpc/')).map((e) => [e.start, e.first]))
    const js = entries.filter((e) => /\.js(\?|$)/.test(e.name)).reduce((s, e) => s + e.bytes, 0)
    return { ms, server: waited, js }
  }
  // Cold (first visit after sign-in) once, then the runs with the browser's and server's caches warm.
  const cold = await measure(0)
  const results = []
  for (let i = 1; i <= runs; i++) results.push(await measure(i))
  const figures = {
    scale,
    runs,
    cards,
    cold_ms: Math.round(cold.ms),
    first_screen_js_bytes_compressed: cold.js,
    median_ms: Math.round(median(results.map((r) => r.ms))),
    min_ms: Math.round(Math.min(...results.map((r) => r.ms))),
    max_ms: Math.round(Math.max(...results.map((r) => r.ms))),
    median_server_ms: Math.round(median(results.map((r) => r.server))),
  }
  if (values.json) console.log(JSON.stringify(figures, null, 2))
  else {
    say(`首屏（${cards} 张指标卡全部呈现），scale ${scale}，${runs} 次：`)
    say(
      `  中位数 ${figures.median_ms} ms（${figures.min_ms}–${figures.max_ms}），其中等待服务端 ${figures.median_server_ms} ms`,
    )
    say(`  首次访问 ${figures.cold_ms} ms；首屏 JS ${(cold.js / 1024).toFixed(0)} KB（压缩后）`)
  }
} finally {
  await browser.close()
  await server.stop()
}
process.exit(0)
