import { AppError } from '../../errors/app-error'

/**
 * An error the caller can act on: a bad query (400), a forbidden one (403), one that ran
 * out of time (408) or returned more than allowed (413), or too many queries waiting
 * (429). The message is user-facing, Chinese first. Anything else is a 500.
 */
export class SemanticLayerError extends AppError {
  declare readonly status: 400 | 403 | 408 | 413 | 429

  constructor(message: string, status: 400 | 403 | 408 | 413 | 429, options?: { cause?: unknown }) {
    super(AppError.codeOf(status), message, options)
  }
}

export const badQuery = (zh: string, en: string, cause?: unknown) =>
  new SemanticLayerError(`${zh} / ${en}`, 400, { cause })

export const forbidden = (zh: string, en: string) => new SemanticLayerError(`${zh} / ${en}`, 403)

// ClickHouse's own limits (max_execution_time, max_result_bytes), as the driver reports them.
const TIMED_OUT = /Timeout exceeded: elapsed|TIMEOUT_EXCEEDED/
const TOO_LARGE = /Limit for result exceeded|TOO_MANY_ROWS_OR_BYTES/

/** Cube reports user errors as UserError instances or as `{ error: string }` objects. */
export function toSemanticLayerError(err: unknown): unknown {
  if (err instanceof SemanticLayerError) return err
  const text =
    err instanceof Error
      ? err.message
      : err && typeof err === 'object' && 'error' in err
        ? String(err.error)
        : ''
  if (TIMED_OUT.test(text)) {
    return new SemanticLayerError(
      '查询超时：请缩小日期范围、增加筛选条件或减少维度后重试 / the query took too long; narrow the date range, add filters or drop dimensions',
      408,
      { cause: err },
    )
  }
  if (TOO_LARGE.test(text)) {
    return new SemanticLayerError(
      '查询结果过大：请增加筛选条件、按更粗的粒度汇总或减少行数 / the result is too large; filter more, aggregate coarser or lower the row limit',
      413,
      { cause: err },
    )
  }
  if (err instanceof Error && err.name === 'UserError') {
    return badQuery('查询无效', err.message, err)
  }
  if (err && typeof err === 'object' && !(err instanceof Error) && 'error' in err) {
    return new Error(String((err as { error: unknown }).error))
  }
  return err
}
