import type http from 'node:http'
import { callTRPCProcedure, getTRPCErrorFromUnknown, getTRPCErrorShape, TRPCError } from '@trpc/server'
import { getHTTPStatusCodeFromError } from '@trpc/server/http'
import { log } from '../../warehouse/log'
import { sendJson, sizeText } from './edge'
import { type Download, isDownload } from './export'
import { filesRouter } from './routers/files.router'
import type { Context } from './trpc'

/**
 * Files over plain HTTP, never as base64 inside tRPC JSON:
 *
 * - `GET /files/<procedure>?input=<JSON>` runs a query procedure of `filesRouter` (an export
 *   or a report) and answers with the file's bytes, `Content-Disposition: attachment` with
 *   the Chinese name (`filename*`) and an ASCII fallback, and `Cache-Control: no-store`.
 *   Safe: no state changes, so no CSRF header is asked for.
 * - `POST /files/<procedure>` runs a mutation procedure (an upload) with the request body as
 *   the file (`application/octet-stream` or the file's own type; its name, percent-encoded,
 *   in `X-File-Name`). CSRF is required, as for every mutation.
 *
 * The procedures are called through tRPC itself with the request's tRPC context, so the
 * session, access rule (meta), CSRF check, department scoping, query lanes, input schema and
 * error messages are the ones /trpc has. An upload's body is read only after the access rule
 * and the CSRF check passed, and never past the upload limit (413).
 */
export const FILES_PREFIX = '/files/'

/** The header naming an uploaded file (percent-encoded UTF-8). */
const FILE_NAME_HEADER = 'x-file-name'
/** Data rows in a downloaded table. */
const ROWS_HEADER = 'x-export-rows'

/**
 * Body types an upload may declare; forms (multipart, urlencoded, text) are not files. The
 * declared type is never trusted: each procedure checks the bytes themselves.
 */
const UPLOAD_TYPES = new Set([
  'application/octet-stream',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/pdf',
  'image/png',
  'image/jpeg',
  'image/webp',
])

interface FileRouteOptions {
  /** The request's tRPC context (session, CSRF, client address), as /trpc builds it. */
  contextFor: (req: http.IncomingMessage, res: http.ServerResponse) => Promise<Context>
  /** Largest upload body; larger ones get 413 without being kept. */
  uploadBodyBytes: number
}

type Procedures = Record<string, { _def: { type: 'query' | 'mutation' | 'subscription' } }>

const tooLarge = (limit: number) =>
  new TRPCError({
    code: 'PAYLOAD_TOO_LARGE',
    message: `上传文件过大，上限${sizeText(limit)} (upload too large; limit ${sizeText(limit)})`,
  })

/** RFC 5987 value: UTF-8, percent-encoded, with the characters `encodeURIComponent` keeps but the header may not. */
const encodeRfc5987 = (s: string) =>
  encodeURIComponent(s).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)

/** `attachment` with an ASCII name for old clients and the real (Chinese) name for the rest. */
export function contentDisposition(filename: string, asciiName: string): string {
  const ascii = asciiName.replace(/[^\x20-\x7e]|["\\]/g, '_')
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeRfc5987(filename)}`
}

function sendFile(res: http.ServerResponse, file: Download): void {
  res.writeHead(200, {
    'content-type': file.contentType,
    'content-length': String(file.body.length),
    'content-disposition': contentDisposition(file.filename, file.asciiName),
    'cache-control': 'no-store',
    ...(file.rows !== undefined ? { [ROWS_HEADER]: String(file.rows) } : {}),
  })
  res.end(file.body)
}

/** An error in tRPC's shape (through the router's error formatter), so clients read it alike. */
function sendError(
  res: http.ServerResponse,
  error: TRPCError,
  path: string,
  type: 'query' | 'mutation' | 'unknown',
  ctx: Context | undefined,
): void {
  const shape = getTRPCErrorShape({
    config: filesRouter._def._config,
    error,
    type,
    path,
    input: undefined,
    ctx,
  })
  sendJson(res, getHTTPStatusCodeFromError(error), { error: shape })
}

/** The request body up to `limit` bytes; past it, rejects at once and keeps nothing. */
function readBody(req: http.IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let received = 0
    const done = () => {
      req.off('data', onData)
      req.off('end', onEnd)
      req.off('error', onFail)
      req.off('close', onClose)
    }
    const onData = (chunk: Buffer) => {
      received += chunk.length
      if (received > limit) {
        done()
        chunks.length = 0
        // What is still arriving is drained and dropped after the answer (edge.ts dropLateBody).
        req.pause()
        reject(tooLarge(limit))
        return
      }
      chunks.push(chunk)
    }
    const onEnd = () => {
      done()
      resolve(Buffer.concat(chunks, received))
    }
    const onFail = (err: Error) => {
      done()
      reject(new TRPCError({ code: 'BAD_REQUEST', message: '上传中断 (upload interrupted)', cause: err }))
    }
    const onClose = () => {
      if (!req.complete) onFail(new Error('connection closed'))
    }
    req.on('data', onData)
    req.on('end', onEnd)
    req.on('error', onFail)
    req.on('close', onClose)
  })
}

function parseInput(url: URL): unknown {
  const raw = url.searchParams.get('input')
  if (raw === null) return undefined
  try {
    return JSON.parse(raw)
  } catch {
    throw new TRPCError({
      code: 'BAD_REQUEST',
      message: '参数 input 不是有效的 JSON (input is not valid JSON)',
    })
  }
}

function fileName(req: http.IncomingMessage): string {
  const raw = req.headers[FILE_NAME_HEADER]
  if (typeof raw !== 'string') return ''
  try {
    return decodeURIComponent(raw).slice(0, 200)
  } catch {
    return ''
  }
}

/**
 * The /files/ routes. `expecting`: the client waits for `100 Continue` before sending the
 * body, which it gets only when the body is about to be read.
 */
export function createFileRoutes(opts: FileRouteOptions) {
  const procedures = filesRouter._def.procedures as unknown as Procedures
  const limit = opts.uploadBodyBytes

  return async function serveFile(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    url: URL,
    expecting: boolean,
  ): Promise<void> {
    const path = url.pathname.slice(FILES_PREFIX.length)
    const proc = Object.hasOwn(procedures, path) ? procedures[path] : undefined
    if (!proc || (proc._def.type !== 'query' && proc._def.type !== 'mutation')) {
      sendError(
        res,
        new TRPCError({ code: 'NOT_FOUND', message: '没有这个文件 (no such file route)' }),
        path,
        'unknown',
        undefined,
      )
      return
    }
    const type = proc._def.type
    const method = type === 'query' ? 'GET' : 'POST'
    if (req.method !== method) {
      res.setHeader('allow', method)
      sendError(
        res,
        new TRPCError({
          code: 'METHOD_NOT_SUPPORTED',
          message: `请使用 ${method} 请求 (use ${method})`,
        }),
        path,
        type,
        undefined,
      )
      return
    }
    let ctx: Context | undefined
    try {
      let getRawInput: () => Promise<unknown>
      if (type === 'query') {
        const input = parseInput(url)
        getRawInput = async () => input
      } else {
        // Refused before anything is read or looked up: a declared size over the limit, or a
        // body that is not a file.
        if (Number(req.headers['content-length'] ?? 0) > limit) throw tooLarge(limit)
        const contentType = (req.headers['content-type'] ?? 'application/octet-stream').split(';')[0]!.trim()
        if (!UPLOAD_TYPES.has(contentType.toLowerCase())) {
          throw new TRPCError({
            code: 'UNSUPPORTED_MEDIA_TYPE',
            message:
              '请直接以文件内容作为请求体上传 (send the file itself as the body, application/octet-stream)',
          })
        }
        const name = fileName(req)
        // Called by tRPC's input step, which runs after the access guard (session, role, CSRF).
        getRawInput = async () => {
          if (expecting) {
            res.removeHeader('connection')
            res.writeContinue()
          }
          return { file: await readBody(req, limit), name }
        }
      }
      ctx = await opts.contextFor(req, res)
      // A client that goes away cancels the work (queued queries leave their queue).
      const abort = new AbortController()
      res.once('close', () => {
        if (!res.writableFinished) abort.abort()
      })
      const output: unknown = await callTRPCProcedure({
        router: filesRouter,
        path,
        type,
        ctx,
        getRawInput,
        signal: abort.signal,
        batchIndex: 0,
      })
      if (isDownload(output)) sendFile(res, output)
      else sendJson(res, 200, output)
    } catch (err) {
      const error = getTRPCErrorFromUnknown(err)
      // Failures inside a procedure are logged by its error mapper; the others here.
      if (error.code === 'INTERNAL_SERVER_ERROR' && !ctx) {
        log.error(`file route ${path} failed`, {
          error: String(error.cause?.stack ?? error.message).slice(0, 2_000),
        })
      }
      if (res.headersSent) {
        res.destroy()
        return
      }
      sendError(res, error, path, type, ctx)
    }
  }
}
