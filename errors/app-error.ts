/**
 * The HTTP status of each kind of error a person can act on. The names are tRPC's error
 * codes, so the tRPC error mapper passes `code` through and the plain HTTP routes answer
 * with `status`.
 */
export const STATUS_OF = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  TIMEOUT: 408,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  TOO_MANY_REQUESTS: 429,
  SERVICE_UNAVAILABLE: 503,
} as const

export type AppErrorCode = keyof typeof STATUS_OF
export type AppErrorStatus = (typeof STATUS_OF)[AppErrorCode]

const CODE_OF = Object.fromEntries(Object.entries(STATUS_OF).map(([code, status]) => [status, code])) as {
  [C in AppErrorCode as (typeof STATUS_OF)[C]]: C
}

/**
 * The one base of the application's user-facing errors: a request that cannot be served
 * as asked, with a message for people (Chinese first, English in parentheses or after a
 * slash) that is shown as it is. Anything that is not an AppError is an internal error:
 * logged, and answered with a generic 500.
 */
export class AppError extends Error {
  readonly status: AppErrorStatus

  constructor(
    readonly code: AppErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options)
    this.name = new.target.name
    this.status = STATUS_OF[code]
  }

  /** The code for an HTTP status (for errors declared by their status). */
  static codeOf<S extends AppErrorStatus>(status: S): (typeof CODE_OF)[S] {
    return CODE_OF[status]
  }
}
