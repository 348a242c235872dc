import type { RssSample } from './server'

export interface Percentiles {
  count: number
  p50: number
  p95: number
  p99: number
  max: number
}

/** Nearest-rank percentiles in ms (exact, from every recorded latency). */
export function percentiles(xs: number[]): Percentiles {
  const s = Float64Array.from(xs).sort()
  const rank = (p: number) => (s.length ? s[Math.min(s.length - 1, Math.ceil(s.length * p) - 1)]! : 0)
  return { count: s.length, p50: rank(0.5), p95: rank(0.95), p99: rank(0.99), max: s.at(-1) ?? 0 }
}

export interface MemoryVerdict {
  startMb: number
  peakMb: number
  endMb: number
  /** Peak RSS of the run's second and last quarter. */
  q2PeakMb: number
  q4PeakMb: number
  /** Last-quarter peak over second-quarter peak, in percent. */
  growthPct: number
  /** Least-squares slope over the second half of the run, MB per minute (for the report). */
  lateSlopeMbPerMin: number
  stable: boolean
}

/**
 * Memory is stable when the last quarter's peak RSS is at most `limitPct` above the second
 * quarter's. The first quarter is left out on purpose: that is when a fresh server grows to
 * its working size (V8 heap, JIT code, the result cache filling, the engine's mark and
 * uncompressed caches), which is expected and not a leak. Peaks rather than means, because
 * RSS saw-tooths with garbage collection and a peak-to-peak comparison is not fooled by
 * where in a GC cycle a sample fell. A leak grows for as long as the load lasts, so it shows
 * as a later peak clearly above an earlier one; 15% over half the run (~1 min at the
 * full settings) is far above GC noise and far below what even a slow leak adds.
 */
export function memoryVerdict(samples: RssSample[], limitPct = 15): MemoryVerdict {
  if (samples.length < 4) throw new Error(`too few RSS samples (${samples.length}) to judge memory`)
  const end = samples.at(-1)!.t
  const inQuarter = (q: number) => samples.filter((s) => s.t >= (end * (q - 1)) / 4 && s.t <= (end * q) / 4)
  const peak = (xs: RssSample[]) => Math.max(...xs.map((s) => s.mb))
  const q2 = peak(inQuarter(2))
  const q4 = peak(inQuarter(4))
  const growthPct = ((q4 - q2) / q2) * 100
  return {
    startMb: samples[0]!.mb,
    peakMb: peak(samples),
    endMb: samples.at(-1)!.mb,
    q2PeakMb: q2,
    q4PeakMb: q4,
    growthPct,
    lateSlopeMbPerMin: slope(samples.filter((s) => s.t >= end / 2)) * 60,
    stable: growthPct <= limitPct,
  }
}

/** Least-squares slope of mb over t (MB per second). */
function slope(xs: RssSample[]): number {
  const n = xs.length
  if (n < 2) return 0
  const mt = xs.reduce((a, s) => a + s.t, 0) / n
  const mm = xs.reduce((a, s) => a + s.mb, 0) / n
  const num = xs.reduce((a, s) => a + (s.t - mt) * (s.mb - mm), 0)
  const den = xs.reduce((a, s) => a + (s.t - mt) ** 2, 0)
  return den === 0 ? 0 : num / den
}

/** RSS every ~10% of the run, for the report ("curve summary"). */
export function rssCurve(samples: RssSample[], points = 11): string {
  if (samples.length === 0) return ''
  const end = samples.at(-1)!.t
  const picked = Array.from({ length: points }, (_, k) => {
    const t = (end * k) / (points - 1)
    return samples.reduce((best, s) => (Math.abs(s.t - t) < Math.abs(best.t - t) ? s : best))
  })
  return picked.map((s) => `${s.t.toFixed(0)}s:${s.mb.toFixed(0)}`).join(' ')
}
