import { afterEach, describe, expect, it, vi } from 'vitest'
import { ResultCache } from './cache'

describe('ResultCache', () => {
  afterEach(() => {
    vi.useRealTimers()
  })

  it('keeps the summed size under maxBytes, least recently used out', () => {
    const cache = new ResultCache<string>(60_000, { maxBytes: 400, sizeOf: (v) => v.length })
    cache.set('a', 'x'.repeat(100))
    cache.set('b', 'x'.repeat(100))
    cache.set('c', 'x'.repeat(100))
    expect(cache.get('a')).toBeDefined() // a is now the most recent
    cache.set('d', 'x'.repeat(100))
    cache.set('e', 'x'.repeat(100))
    expect(cache.bytes).toBeLessThanOrEqual(400)
    expect(cache.get('b')).toBeUndefined()
    expect(cache.get('a')).toBeDefined()
    expect(cache.get('e')).toBeDefined()
  })

  it('does not keep one entry larger than a quarter of the bound', () => {
    const cache = new ResultCache<string>(60_000, { maxBytes: 400, sizeOf: (v) => v.length })
    cache.set('small', 'x'.repeat(10))
    cache.set('huge', 'x'.repeat(101))
    expect(cache.get('huge')).toBeUndefined()
    expect(cache.get('small')).toBeDefined()
    expect(cache.bytes).toBe(10)
  })

  it('sweeps expired entries without waiting for their key to be asked for', () => {
    vi.useFakeTimers()
    const cache = new ResultCache<string>(1_000, { sizeOf: (v) => v.length })
    for (let i = 0; i < 50; i++) cache.set(`k${i}`, 'x'.repeat(10))
    expect(cache.size).toBe(50)
    vi.advanceTimersByTime(31_000)
    cache.set('fresh', 'y')
    expect(cache.size).toBe(1)
    expect(cache.bytes).toBe(1)
  })

  it('bounds entries too, and replacing a key does not count it twice', () => {
    const cache = new ResultCache<string>(60_000, { maxEntries: 3, sizeOf: (v) => v.length })
    for (const k of ['a', 'b', 'c', 'd']) cache.set(k, k)
    expect(cache.size).toBe(3)
    cache.set('d', 'dd')
    expect(cache.bytes).toBe(1 + 1 + 2)
  })
})
