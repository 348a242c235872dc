import { TRPCError } from '@trpc/server'
import { describe, expect, it } from 'vitest'
import type { PublicUser } from '../auth/users.store'
import type { DataStatus, LoadRun } from '../data-status'
import { type AppDeps, type Context, createCallerFactory } from '../trpc'
import { dataRouter } from './data.router'

/** The data-status page needs nothing but the `DataStatus` the composition root provides. */
function fakeData() {
  const calls: Array<[string, unknown]> = []
  const run: LoadRun = {
    run_id: '00000000-0000-4000-8000-000000000001',
    source: 'cli',
    dataset: 'hotline_tickets',
    file: 'a.csv',
    started_at: '2024-06-30 10:00:00.000',
    finished_at: '2024-06-30 10:00:01.000',
    status: 'succeeded',
    accepted: 3,
    rejected: 1,
    ignored_columns: [],
    error: null,
  }
  const data: DataStatus = {
    datasetNames: ['service_applications', 'hotline_tickets'],
    runs: async (filter) => {
      calls.push(['runs', filter])
      return [run]
    },
    quarantine: async (filter) => {
      calls.push(['quarantine', filter])
      return []
    },
    status: async () => {
      calls.push(['status', undefined])
      return []
    },
    freshness: async () => new Map(),
  }
  return { data, calls, run }
}

const leader: PublicUser = {
  username: 'leader',
  display_name: 'leader',
  role: 'leader',
  dept_code: null,
  disabled: false,
  password_changed_at: 0,
}

function callerWith(data: DataStatus) {
  // No warehouse, no semantic layer: the router reaches data loads only through `data`.
  const deps = { data, semantic: {} } as unknown as AppDeps
  const ctx: Context = { deps, user: leader, sessionToken: null, csrfOk: true, ip: '127.0.0.1', res: null }
  return createCallerFactory(dataRouter)(ctx)
}

describe('data router', () => {
  it('answers runs, quarantine and status through the DataStatus it is given', async () => {
    const { data, calls, run } = fakeData()
    const caller = callerWith(data)
    expect(await caller.runs({ dataset: 'hotline_tickets' })).toEqual([run])
    expect(await caller.quarantine({ limit: 10 })).toEqual([])
    expect(await caller.status()).toEqual([])
    expect(calls).toEqual([
      ['runs', { dataset: 'hotline_tickets', limit: 50 }],
      ['quarantine', { limit: 10, offset: 0 }],
      ['status', undefined],
    ])
  })

  it('refuses a dataset the contract does not name, before asking for anything', async () => {
    const { data, calls } = fakeData()
    const caller = callerWith(data)
    for (const call of [
      () => caller.runs({ dataset: 'load_runs' }),
      () => caller.quarantine({ dataset: 'system.users' }),
    ]) {
      const err = await call().then(
        () => undefined,
        (e: unknown) => e,
      )
      expect(err).toBeInstanceOf(TRPCError)
      expect(err).toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(/^输入无效.*dataset/) })
    }
    expect(calls).toEqual([])
  })
})
