import { describe, expect, it } from 'vitest'
import { SemanticLayerError } from './errors'
import { QueryGate } from './gate'

/** A query that runs until released, recording when it started. */
function controllable(log: string[], name: string) {
  let release!: () => void
  const done = new Promise<void>((r) => {
    release = r
  })
  return {
    fn: async () => {
      log.push(name)
      await done
      return name
    },
    release: () => release(),
  }
}

const tick = () => new Promise((r) => setTimeout(r, 0))

const gateOf = (capacity: number, perUser: number, waitingPerUser = 10) =>
  new QueryGate({
    interactive: { capacity: 2, perUser: 4, waitingPerUser: 50 },
    explore: { capacity, perUser, waitingPerUser },
  })

describe('QueryGate', () => {
  it('lets one user run at most their share; the rest wait in their own queue', async () => {
    const gate = gateOf(4, 2)
    const started: string[] = []
    const qs = ['a1', 'a2', 'a3'].map((n) => controllable(started, n))
    const runs = qs.map((q) => gate.run('explore', 'alice', q.fn))
    await tick()
    expect(started).toEqual(['a1', 'a2'])
    expect(gate.stats().explore).toEqual({ running: 2, waiting: 1 })
    qs[0]!.release()
    await tick()
    expect(started).toEqual(['a1', 'a2', 'a3'])
    for (const q of qs) q.release()
    expect(await Promise.all(runs)).toEqual(['a1', 'a2', 'a3'])
    expect(gate.stats().explore).toEqual({ running: 0, waiting: 0 })
  })

  it('serves waiting users in turn, not in arrival order', async () => {
    const gate = gateOf(1, 2)
    const started: string[] = []
    const first = controllable(started, 'a0')
    const flood = ['a1', 'a2', 'a3'].map((n) => controllable(started, n))
    const other = controllable(started, 'b1')
    const runs = [first, ...flood].map((q) => gate.run('explore', 'alice', q.fn))
    runs.push(gate.run('explore', 'bob', other.fn))
    await tick()
    first.release()
    await tick()
    // Bob arrived after three of Alice's queries but goes next.
    expect(started).toEqual(['a0', 'b1'])
    other.release()
    for (const q of flood) q.release()
    await Promise.all(runs)
    expect(started).toEqual(['a0', 'b1', 'a1', 'a2', 'a3'])
  })

  it('keeps lanes apart: a full explore lane does not hold interactive queries', async () => {
    const gate = gateOf(1, 1)
    const started: string[] = []
    const slow = controllable(started, 'explore')
    const queued = controllable(started, 'explore2')
    const runs = [gate.run('explore', 'alice', slow.fn), gate.run('explore', 'bob', queued.fn)]
    const fast = await gate.run('interactive', 'leader', async () => 'scorecard')
    expect(fast).toBe('scorecard')
    expect(started).toEqual(['explore'])
    slow.release()
    queued.release()
    await Promise.all(runs)
  })

  it('refuses a user whose queue is full with a 429, and drops an aborted waiter', async () => {
    const gate = gateOf(1, 1, 2)
    const started: string[] = []
    const running = controllable(started, 'r')
    const run = gate.run('explore', 'alice', running.fn)
    const abort = new AbortController()
    const w1 = gate.run('explore', 'alice', async () => 'w1', abort.signal)
    const w2 = gate.run('explore', 'alice', async () => 'w2')
    const refused = await gate.run('explore', 'alice', async () => 'w3').catch((e) => e)
    expect(refused).toBeInstanceOf(SemanticLayerError)
    expect(refused.status).toBe(429)
    abort.abort(new Error('client went away'))
    await expect(w1).rejects.toThrow('client went away')
    expect(gate.stats().explore).toEqual({ running: 1, waiting: 1 })
    running.release()
    expect(await w2).toBe('w2')
    await run
    expect(gate.stats().explore).toEqual({ running: 0, waiting: 0 })
  })

  it('never refuses the application itself (no user) for waiting', async () => {
    const gate = gateOf(1, 1, 1)
    const runs = Array.from({ length: 20 }, (_, i) => gate.run('explore', undefined, async () => i))
    expect((await Promise.all(runs)).length).toBe(20)
  })

  it('releases the slot when a query fails', async () => {
    const gate = gateOf(1, 1)
    await expect(gate.run('explore', 'a', async () => Promise.reject(new Error('boom')))).rejects.toThrow(
      'boom',
    )
    expect(await gate.run('explore', 'a', async () => 'ok')).toBe('ok')
  })
})
