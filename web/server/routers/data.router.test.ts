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
    datasets: [
      { name: 'service_applications', label: '办件', fields: {} },
      { name: 'hotline_tickets', label: '12345热线工单', fields: { ticket_id: '工单编号' } },
    ],
    runs: async (filter) => {
      calls.push(['runs', filter])
      return { rows: [run], total: 41 }
    },
    quarantine: async (filter) => {
      calls.push(['quarantine', filter])
      return {
        rows: [
          {
            run_id: run.run_id,
            dataset: 'hotline_tickets',
            row_number: 7,
            raw_row: '{"ticket_id":"T-1","受理时间":"昨天"}',
            reason: "受理时间: '昨天' 不是有效时间 (not a time)",
          },
        ],
        total: 1,
      }
    },
    sources: async () => [],
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
    expect(await caller.runs({ dataset: 'hotline_tickets', offset: 20 })).toEqual({
      total: 41,
      rows: [{ ...run, dataset_label: '12345热线工单' }],
    })
    expect(await caller.quarantine({ limit: 10 })).toEqual({
      total: 1,
      rows: [
        {
          run_id: run.run_id,
          dataset: 'hotline_tickets',
          dataset_label: '12345热线工单',
          row_number: 7,
          reason: "受理时间: '昨天' 不是有效时间 (not a time)",
          // Column names become the contract's header; the file's own headers stay as written.
          fields: [
            { field: '工单编号', value: 'T-1' },
            { field: '受理时间', value: '昨天' },
          ],
        },
      ],
    })
    expect(await caller.status()).toEqual([])
    expect(calls).toEqual([
      ['runs', { dataset: 'hotline_tickets', limit: 20, offset: 20 }],
      ['quarantine', { limit: 10, offset: 0 }],
      ['status', undefined],
    ])
  })

  it('bounds the page size: a page never exceeds 100 rows', async () => {
    const { data, calls } = fakeData()
    const caller = callerWith(data)
    await expect(caller.runs({ limit: 101 })).rejects.toMatchObject({ code: 'BAD_REQUEST' })
    await expect(caller.quarantine({ limit: 1000 })).rejects.toMatchObject({ code: 'BAD_REQUEST' })
    expect(calls).toEqual([])
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
