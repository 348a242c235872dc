import type http from 'node:http'

/** Calls per tRPC batch; a bigger batch is refused before anything runs. */
export const MAX_BATCH = 10
/** Password checks: never batched, so one request is one attempt the throttle can count. */
const SOLO_PROCEDURES: ReadonlySet<string> = new Set(['auth.signIn', 'auth.changePassword'])
/** How long a refused body may keep arriving after the answer before the connection is cut. */
const LINGER_MS = 2_000

export function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body) // first: a body that fails leaves the answer unsent, free for a 500
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' })
  res.end(text)
}

const RPC_CODES: Record<number, [number, string]> = {
  400: [-32600, 'BAD_REQUEST'],
  413: [-32413, 'PAYLOAD_TOO_LARGE'],
  429: [-32029, 'TOO_MANY_REQUESTS'],
}

/** An error in tRPC's own shape, so the web client shows the message like any other. */
export function sendTrpcError(res: http.ServerResponse, status: 400 | 413 | 429, message: string): void {
  const [code, name] = RPC_CODES[status]!
  sendJson(res, status, { error: { message, code, data: { code: name, httpStatus: status } } })
}

/** The procedure paths of a /trpc/ request, decoded as tRPC decodes them (null: undecodable). */
export function trpcPaths(pathname: string): string[] | null {
  try {
    return decodeURIComponent(pathname.slice('/trpc/'.length)).split(',')
  } catch {
    return null
  }
}

/** A byte count as people read it (KB or MB). */
export const sizeText = (bytes: number) =>
  bytes >= 1024 * 1024
    ? `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`
    : `${Math.round(bytes / 1024)} KB`

/** Why a tRPC request is refused before its body is read, or null when it may proceed. */
export function refuseTrpc(
  req: http.IncomingMessage,
  paths: string[],
  limit: number,
): { status: 400 | 413; message: string } | null {
  if (paths.length > MAX_BATCH) {
    return {
      status: 400,
      message: `批量请求过多，每批最多${MAX_BATCH}个调用 (batch too large: at most ${MAX_BATCH} calls)`,
    }
  }
  if (paths.length > 1 && paths.some((p) => SOLO_PROCEDURES.has(p))) {
    return {
      status: 400,
      message: '登录和修改密码须单独发送，不能批量 (auth.signIn and auth.changePassword cannot be batched)',
    }
  }
  const declared = Number(req.headers['content-length'] ?? 0)
  if (declared > limit) {
    return {
      status: 413,
      message: `请求体过大，上限${sizeText(limit)} (request body too large; limit ${sizeText(limit)})`,
    }
  }
  return null
}

/**
 * A body still arriving after the answer (refused as too large) is read and dropped, never
 * kept; a client that goes on sending past LINGER_MS loses the connection.
 */
export function dropLateBody(req: http.IncomingMessage, res: http.ServerResponse): void {
  res.once('finish', () => {
    if (req.complete) return
    const timer = setTimeout(() => req.socket.destroy(), LINGER_MS)
    timer.unref()
    req.once('end', () => clearTimeout(timer))
    req.once('close', () => clearTimeout(timer))
    req.resume()
  })
}

/** One call at a time, its answer reused for ttlMs: a flood costs one call per ttlMs. */
export function sharedFor<T>(ttlMs: number, fn: () => Promise<T>): () => Promise<T> {
  let last: { at: number; value: T } | undefined
  let inflight: Promise<T> | undefined
  return () => {
    if (last && Date.now() - last.at < ttlMs) return Promise.resolve(last.value)
    inflight ??= fn()
      .then((value) => {
        last = { at: Date.now(), value }
        return value
      })
      .finally(() => {
        inflight = undefined
      })
    return inflight
  }
}
