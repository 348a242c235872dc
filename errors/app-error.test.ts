import { describe, expect, it } from 'vitest'
import { AppError, STATUS_OF } from './app-error'

describe('AppError', () => {
  it('carries its tRPC code, its HTTP status and a message for people', () => {
    const err = new AppError('CONFLICT', '该期排名已冻结 (already frozen)')
    expect(err).toBeInstanceOf(Error)
    expect(err).toMatchObject({ code: 'CONFLICT', status: 409, message: '该期排名已冻结 (already frozen)' })
  })

  it('names subclasses after themselves and keeps the cause', () => {
    class QuotaError extends AppError {}
    const cause = new Error('inner')
    const err = new QuotaError('TOO_MANY_REQUESTS', '请稍后再试 (try again later)', { cause })
    expect(err.name).toBe('QuotaError')
    expect(err.cause).toBe(cause)
    expect(err).toBeInstanceOf(AppError)
  })

  it('maps every status back to its code', () => {
    for (const [code, status] of Object.entries(STATUS_OF)) expect(AppError.codeOf(status)).toBe(code)
  })
})
