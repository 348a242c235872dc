/**
 * An error the caller can act on: a bad query (400) or a forbidden one (403). The
 * message is user-facing, Chinese first. Anything else the engine throws is a 500.
 */
export class SemanticLayerError extends Error {
  constructor(
    message: string,
    readonly status: 400 | 403,
    options?: { cause?: unknown },
  ) {
    super(message, options)
    this.name = 'SemanticLayerError'
  }
}

export const badQuery = (zh: string, en: string, cause?: unknown) =>
  new SemanticLayerError(`${zh} / ${en}`, 400, { cause })

export const forbidden = (zh: string, en: string) => new SemanticLayerError(`${zh} / ${en}`, 403)

/** Cube reports user errors as UserError instances or as `{ error: string }` objects. */
export function toSemanticLayerError(err: unknown): unknown {
  if (err instanceof SemanticLayerError) return err
  if (err instanceof Error && err.name === 'UserError') {
    return badQuery('查询无效', err.message, err)
  }
  if (err && typeof err === 'object' && !(err instanceof Error) && 'error' in err) {
    return new Error(String((err as { error: unknown }).error))
  }
  return err
}
