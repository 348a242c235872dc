/**
 * A LOCAL STAND-IN for a ClickHouse server's HTTP interface — NOT clickhouse-server.
 *
 * No real ClickHouse server can run where the tests run (no containers; the distribution's
 * package is years too old for our schema). So server mode is tested against this: every
 * query runs on the REAL ClickHouse engine (chDB, the `chdb` package, in this process, on
 * its own data directory), and only the HTTP layer in front of it is reimplemented here,
 * as much of it as @clickhouse/client and Cube's ClickHouse driver use:
 *
 * - `GET|POST /?query=…`, the query in the body, or both (URL part, a newline, then the
 *   body, which is how INSERT data arrives); multipart/form-data bodies (`query`,
 *   `param_<name>` parts); `GET /`, `GET /ping`, `GET /replicas_status` answer `Ok.`.
 * - `param_<name>` values bound server-side against the `{name:Type}` placeholders;
 *   `database` (or `X-ClickHouse-Database`); `default_format` (or `X-ClickHouse-Format`)
 *   unless the query has a FORMAT clause; `query_id`; every other URL parameter is a
 *   setting for this one request (unknown names are the engine's to reject); GET runs
 *   read-only (readonly = 2), as on the server.
 * - Auth: Basic, `X-ClickHouse-User`/`X-ClickHouse-Key`, or `user`/`password` parameters
 *   (in that order; the server refuses a request that mixes them), checked against the one
 *   configured user.
 * - Responses carry `X-ClickHouse-Query-Id`, `-Format`, `-Timezone`, `-Summary`,
 *   `-Server-Display-Name`; gzip/deflate/br response compression with
 *   `enable_http_compression=1`; gzip/deflate/br request bodies (`Content-Encoding`).
 * - Exceptions: the engine's `Code: N. DB::Exception: … (NAME)` text as the body,
 *   `X-ClickHouse-Exception-Code: N`, and the HTTP status the server maps that code to
 *   (src/Server/HTTP/exceptionCodeToHTTPStatus.cpp, by error name, resolved through the
 *   engine's own system.errors).
 *
 * Query parameters: chDB's binder takes JS values, so the wire text is decoded back into
 * them (see "Query parameters" below); a value that could not make that trip exactly
 * (non-UTF-8 bytes, nan/inf or >15-digit decimals inside an Array/Map/Tuple) is refused
 * with BAD_QUERY_PARAMETER rather than altered.
 *
 * Not reproduced (the app does not rely on them): streaming (results and INSERT bodies
 * are buffered whole, so an error is always a clean non-200 answer, never a truncated
 * 200), progress headers, HTTP sessions (`session_id` is refused), binary INSERT formats,
 * written-row counts in the summary (chDB does not report them for SQL INSERTs), real
 * query cancellation (a dropped request's query finishes in the background), concurrent
 * parameterized queries (chDB binds them one at a time, process-wide), roles, quotas, TLS,
 * and the refusal of multi-statement queries.
 *
 * Each request gets its own chDB session (≈2 ms), so its settings and database die with
 * it, as on the server; one session stays open for the life of the process to hold the
 * engine on the data directory.
 */
import { randomUUID } from 'node:crypto'
import http from 'node:http'
import os from 'node:os'
import zlib from 'node:zlib'
import { TupleParam } from '@clickhouse/client'
import { type ChdbResult, Session } from 'chdb'

export interface StandinOptions {
  /** chDB data directory; the stand-in's "server" state lives here across restarts. */
  dataDir: string
  /** 0 picks a free port. */
  port: number
  host?: string
  /** The one account: anything else is refused with AUTHENTICATION_FAILED, as the server does. */
  user: string
  password: string
  /** One stderr line per exception answered (the CLI turns this on for tests to show). */
  logExceptions?: boolean
}

export interface Standin {
  url: string
  port: number
  close(): Promise<void>
}

/** A ClickHouse exception: the engine's own, or one the HTTP layer raises with a real code. */
class ServerException extends Error {
  constructor(
    readonly code: number,
    readonly codeName: string,
    message: string,
  ) {
    super(`Code: ${code}. DB::Exception: ${message}. (${codeName})`)
  }
}

// Error names as in the server's exceptionCodeToHTTPStatus.cpp; numbers come from the engine.
const STATUS_BY_ERROR_NAME: Record<string, number> = {
  REQUIRED_PASSWORD: 401,
  ...Object.fromEntries(
    ['UNKNOWN_USER', 'WRONG_PASSWORD', 'AUTHENTICATION_FAILED', 'SET_NON_GRANTED_ROLE', 'ACCESS_DENIED'].map(
      (n) => [n, 403],
    ),
  ),
  ...Object.fromEntries(
    [
      'BAD_ARGUMENTS',
      'CANNOT_COMPILE_REGEXP',
      'CANNOT_PARSE_TEXT',
      'CANNOT_PARSE_ESCAPE_SEQUENCE',
      'CANNOT_PARSE_QUOTED_STRING',
      'CANNOT_PARSE_DATE',
      'CANNOT_PARSE_DATETIME',
      'CANNOT_PARSE_NUMBER',
      'CANNOT_PARSE_DOMAIN_VALUE_FROM_STRING',
      'CANNOT_PARSE_IPV4',
      'CANNOT_PARSE_IPV6',
      'CANNOT_PARSE_INPUT_ASSERTION_FAILED',
      'CANNOT_PARSE_UUID',
      'DUPLICATE_COLUMN',
      'ILLEGAL_COLUMN',
      'UNKNOWN_ELEMENT_IN_AST',
      'UNKNOWN_TYPE_OF_AST_NODE',
      'THERE_IS_NO_COLUMN',
      'TOO_DEEP_AST',
      'TOO_BIG_AST',
      'UNEXPECTED_AST_STRUCTURE',
      'SYNTAX_ERROR',
      'INCORRECT_DATA',
      'TYPE_MISMATCH',
      'VALUE_IS_OUT_OF_RANGE_OF_DATA_TYPE',
    ].map((n) => [n, 400]),
  ),
  ...Object.fromEntries(
    [
      'UNKNOWN_TABLE',
      'UNKNOWN_FUNCTION',
      'UNKNOWN_IDENTIFIER',
      'UNKNOWN_TYPE',
      'UNKNOWN_STORAGE',
      'UNKNOWN_DATABASE',
      'UNKNOWN_SETTING',
      'UNKNOWN_DIRECTION_OF_SORTING',
      'UNKNOWN_AGGREGATE_FUNCTION',
      'UNKNOWN_FORMAT',
      'UNKNOWN_DATABASE_ENGINE',
      'UNKNOWN_TYPE_OF_QUERY',
      'UNKNOWN_ROLE',
    ].map((n) => [n, 404]),
  ),
  QUERY_IS_TOO_LARGE: 413,
  NOT_IMPLEMENTED: 501,
  SOCKET_TIMEOUT: 503,
  CANNOT_OPEN_FILE: 503,
  HTTP_LENGTH_REQUIRED: 411,
  TIMEOUT_EXCEEDED: 408,
  CANNOT_SCHEDULE_TASK: 503,
  UNSUPPORTED_MEDIA_TYPE: 415,
}

/** URL parameters the server's HTTP handler consumes itself; every other one is a setting. */
const RESERVED_PARAMS = new Set([
  'query',
  'database',
  'default_format',
  'user',
  'password',
  'quota_key',
  'query_id',
  'stacktrace',
  'role',
  'buffer_size',
  'wait_end_of_query',
  'session_id',
  'session_timeout',
  'session_check',
  'close_session',
  'client_protocol_version',
  'compress',
  'decompress',
])

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/

/** Settings chDB changes from the server's defaults (system.settings `changed`) that alter query results. */
const SERVER_DEFAULTS: Array<[string, string]> = [
  ['implicit_select', '0'],
  ['allow_introspection_functions', '0'],
]

// ---------------------------------------------------------------------------------------
// Query parameters. On the wire a top-level value is TSV-escaped text and a composite one
// (Array, Map, Tuple) is a literal with quoted strings. chDB's binder takes JS values and
// escapes them itself, so the wire text is decoded here into the JS value chDB encodes back
// to the same thing; anything that would not survive that round trip exactly is refused.

const TSV_UNESCAPE: Record<string, number> = { b: 8, f: 12, n: 10, r: 13, t: 9, '0': 0, a: 7, v: 11 }

/** ClickHouse's escape rules (readEscapedString): \x hex bytes, \N reads as nothing, \c is c. */
function unescapeTo(s: string, from: number, stop: string | null): { text: string; end: number } {
  const parts: Buffer[] = []
  let run = from // start of the plain text not yet copied (copied whole: surrogate pairs stay pairs)
  let i = from
  const flush = () => parts.push(Buffer.from(s.slice(run, i), 'utf8'))
  for (; i < s.length; i++) {
    if (stop !== null && s[i] === stop) break
    if (s[i] !== '\\' || i + 1 >= s.length) continue
    flush()
    const n = s[++i]!
    const hex = s.slice(i + 1, i + 3)
    run = i + 1
    if (n === 'x' && /^[0-9A-Fa-f]{2}$/.test(hex)) {
      parts.push(Buffer.from([Number.parseInt(hex, 16)]))
      i += 2
      run = i + 1
    } else if (TSV_UNESCAPE[n] !== undefined) {
      parts.push(Buffer.from([TSV_UNESCAPE[n]]))
    } else if (n !== 'N') {
      run = i // any other escaped character stands for itself
    }
  }
  flush()
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(parts)), end: i }
  } catch {
    throw new ServerException(457, 'BAD_QUERY_PARAMETER', 'the stand-in forwards only UTF-8 parameter text')
  }
}

/** Digits that a double holds exactly (≤ 15 significant), so the number survives re-serialization. */
function exactNumber(token: string): number | bigint | undefined {
  if (/^[-+]?\d+$/.test(token)) {
    const n = Number(token)
    return Number.isSafeInteger(n) ? n : BigInt(token)
  }
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(token)) return undefined
  const digits = token
    .replace(/[eE].*$/, '')
    .replace(/[-+.]/g, '')
    .replace(/^0+/, '')
  return digits.length <= 15 ? Number(token) : undefined
}

class LiteralReader {
  private i = 0
  constructor(private readonly s: string) {}

  readAll(): unknown {
    const v = this.value()
    this.ws()
    if (this.i !== this.s.length) this.fail()
    return v
  }

  private ws() {
    while (/\s/.test(this.s[this.i] ?? '')) this.i++
  }

  private fail(): never {
    throw new ServerException(
      457,
      'BAD_QUERY_PARAMETER',
      `cannot read parameter literal ${this.s.slice(0, 200)}`,
    )
  }

  private list(close: string, item: () => void) {
    this.i++
    this.ws()
    if (this.s[this.i] === close) {
      this.i++
      return
    }
    for (;;) {
      item()
      this.ws()
      const c = this.s[this.i++]
      if (c === close) return
      if (c !== ',') this.fail()
    }
  }

  private value(): unknown {
    this.ws()
    const c = this.s[this.i]
    if (c === '[' || c === '(') {
      const items: unknown[] = []
      this.list(c === '[' ? ']' : ')', () => items.push(this.value()))
      return c === '[' ? items : new TupleParam(items)
    }
    if (c === '{') {
      const map = new Map<unknown, unknown>()
      this.list('}', () => {
        const k = this.value()
        this.ws()
        if (this.s[this.i++] !== ':') this.fail()
        map.set(k, this.value())
      })
      return map
    }
    if (c === "'") {
      const { text, end } = unescapeTo(this.s, this.i + 1, "'")
      if (this.s[end] !== "'") this.fail()
      this.i = end + 1
      return text
    }
    const m = /^[^,\]):}\s]+/.exec(this.s.slice(this.i))
    if (!m) this.fail()
    this.i += m[0].length
    const token = m[0]
    if (/^null$/i.test(token)) return null
    if (/^(true|false)$/i.test(token)) return token.toLowerCase() === 'true'
    const n = exactNumber(token)
    if (n === undefined) {
      throw new ServerException(
        457,
        'BAD_QUERY_PARAMETER',
        `the stand-in cannot forward the literal ${token} inside a composite parameter exactly`,
      )
    }
    return n
  }
}

/** The declared type of each `{name:Type}` placeholder in the query text. */
function placeholderTypes(sql: string): Map<string, string> {
  const types = new Map<string, string>()
  for (const m of sql.matchAll(/\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*:\s*([^{}]+?)\s*\}/g)) types.set(m[1]!, m[2]!)
  return types
}

function decodeParam(wire: string, type: string | undefined): unknown {
  let t = (type ?? 'String').trim()
  const wrapper = /^(Nullable|LowCardinality)\s*\((.*)\)$/s
  for (let m = wrapper.exec(t); m; m = wrapper.exec(t)) t = m[2]!.trim()
  if (/^(Array|Map|Tuple)\s*\(/.test(t)) return new LiteralReader(wire).readAll()
  if (wire === '\\N') return null
  return unescapeTo(wire, 0, null).text
}

// ---------------------------------------------------------------------------------------
// Formats

function contentType(format: string): string {
  const f = format.toLowerCase()
  if (f.startsWith('json')) return 'application/json; charset=UTF-8'
  if (f.startsWith('csv'))
    return `text/csv; charset=UTF-8; header=${f.includes('names') ? 'present' : 'absent'}`
  if (f.startsWith('tabseparated') || f.startsWith('tsv')) return 'text/tab-separated-values; charset=UTF-8'
  if (/^(native|rowbinary|parquet|arrow|orc|avro|protobuf|capnproto|msgpack)/.test(f))
    return 'application/octet-stream'
  return 'text/plain; charset=UTF-8'
}

/** The output format the engine will use: a trailing FORMAT clause wins over default_format. */
function outputFormat(sql: string, fallback: string): string {
  if (/^\s*INSERT\b/i.test(sql)) return fallback
  const m = /\bFORMAT\s+([A-Za-z][A-Za-z0-9_]*)\s*;?\s*$/i.exec(sql)
  return m ? m[1]! : fallback
}

// ---------------------------------------------------------------------------------------

function credentials(req: http.IncomingMessage, url: URL): { user: string; password: string } {
  const basic = /^Basic\s+(.+)$/i.exec(req.headers.authorization ?? '')
  if (basic) {
    const decoded = Buffer.from(basic[1]!, 'base64').toString('utf8')
    const colon = decoded.indexOf(':')
    return colon < 0
      ? { user: decoded, password: '' }
      : { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) }
  }
  const headerUser = req.headers['x-clickhouse-user']
  if (typeof headerUser === 'string') {
    const key = req.headers['x-clickhouse-key']
    return { user: headerUser, password: typeof key === 'string' ? key : '' }
  }
  return {
    user: url.searchParams.get('user') ?? 'default',
    password: url.searchParams.get('password') ?? '',
  }
}

async function readBody(req: http.IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = []
  for await (const c of req) chunks.push(c as Buffer)
  const raw = Buffer.concat(chunks)
  const encoding = String(req.headers['content-encoding'] ?? '').toLowerCase()
  if (!encoding || encoding === 'identity') return raw
  if (encoding === 'gzip') return zlib.gunzipSync(raw)
  if (encoding === 'deflate') return zlib.inflateSync(raw)
  if (encoding === 'br') return zlib.brotliDecompressSync(raw)
  throw new ServerException(
    48,
    'NOT_IMPLEMENTED',
    `the stand-in does not decode Content-Encoding ${encoding}`,
  )
}

function compressFor(req: http.IncomingMessage): 'gzip' | 'deflate' | 'br' | undefined {
  for (const part of String(req.headers['accept-encoding'] ?? '').split(',')) {
    const name = part.trim().split(';')[0]!.toLowerCase()
    if (name === 'gzip' || name === 'deflate' || name === 'br') return name
  }
  return undefined
}

const sqlString = (s: string) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`

export async function startStandin(opts: StandinOptions): Promise<Standin> {
  // Holds the engine on the data directory for the life of the process.
  const anchor = new Session(opts.dataDir)
  const [info] = (
    await anchor.queryAsync('SELECT version() AS v, timezone() AS tz', { format: 'JSON' })
  ).json<{ data: Array<{ v: string; tz: string }> }>().data
  const engineVersion = info?.v ?? 'unknown'
  const timezone = info?.tz ?? 'UTC'
  const codes = (
    await anchor.queryAsync(
      'SELECT DISTINCT name, code FROM system.errors SETTINGS system_events_show_zero_values = 1',
      { format: 'JSON' },
    )
  ).json<{ data: Array<{ name: string; code: number }> }>().data
  const statusByCode = new Map<number, number>()
  for (const { name, code } of codes) {
    const status = STATUS_BY_ERROR_NAME[name]
    if (status) statusByCode.set(Number(code), status)
  }
  const displayName = os.hostname()

  function sendError(res: http.ServerResponse, err: unknown, queryId: string): void {
    let code = 1001
    let body: string
    if (err instanceof ServerException) {
      code = err.code
      body = err.message
    } else {
      const e = err as { clickhouseCode?: number; message?: string }
      const message = e?.message ?? String(err)
      const m = /Code: (\d+)\./.exec(message)
      if (typeof e?.clickhouseCode === 'number') code = e.clickhouseCode
      else if (m) code = Number(m[1])
      body = m ? message : `Code: ${code}. DB::Exception: ${message}. (STD_EXCEPTION)`
    }
    if (opts.logExceptions) console.error(`exception ${code} (query ${queryId}): ${body.slice(0, 500)}`)
    if (res.headersSent) {
      res.destroy()
      return
    }
    res.writeHead(statusByCode.get(code) ?? 500, {
      'content-type': 'text/plain; charset=UTF-8',
      'x-clickhouse-exception-code': String(code),
      'x-clickhouse-query-id': queryId,
      'x-clickhouse-server-display-name': displayName,
    })
    res.end(`${body} (version ${engineVersion})\n`)
  }

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://standin')
    const params = url.searchParams
    const queryId = params.get('query_id') || randomUUID()
    try {
      const method = req.method ?? 'GET'
      if (
        method === 'GET' &&
        !params.has('query') &&
        ['/', '/ping', '/replicas_status'].includes(url.pathname)
      ) {
        res.writeHead(200, { 'content-type': 'text/html; charset=UTF-8' })
        res.end('Ok.\n')
        return
      }
      if (url.pathname !== '/') {
        res.writeHead(404, { 'content-type': 'text/plain; charset=UTF-8' })
        res.end(`There is no handle ${url.pathname}\n\nUse / or /ping for health checks.\n`)
        return
      }
      if (method !== 'GET' && method !== 'POST') {
        throw new ServerException(48, 'NOT_IMPLEMENTED', `the stand-in does not serve HTTP ${method}`)
      }
      const who = credentials(req, url)
      if (who.user !== opts.user || who.password !== opts.password) {
        throw new ServerException(
          516,
          'AUTHENTICATION_FAILED',
          `${who.user}: Authentication failed: password is incorrect, or there is no user with such name`,
        )
      }
      if (params.has('session_id')) {
        throw new ServerException(
          48,
          'NOT_IMPLEMENTED',
          'the stand-in does not keep HTTP sessions (session_id)',
        )
      }
      if (params.get('compress') === '1' || params.get('decompress') === '1') {
        throw new ServerException(
          48,
          'NOT_IMPLEMENTED',
          'the stand-in does not speak ClickHouse native compression',
        )
      }

      const body = method === 'POST' ? await readBody(req) : Buffer.alloc(0)
      const wireParams = new Map<string, string>()
      for (const [k, v] of params) if (k.startsWith('param_')) wireParams.set(k.slice(6), v)
      let queryText = params.get('query') ?? ''
      const contentTypeHeader = String(req.headers['content-type'] ?? '')
      if (/^multipart\/form-data/i.test(contentTypeHeader)) {
        const form = await new Response(new Blob([new Uint8Array(body)]), {
          headers: { 'content-type': contentTypeHeader },
        }).formData()
        for (const [k, v] of form) {
          const text = typeof v === 'string' ? v : await v.text()
          if (k === 'query') queryText = queryText ? `${queryText}\n${text}` : text
          else if (k.startsWith('param_')) wireParams.set(k.slice(6), text)
        }
      } else if (body.length > 0) {
        let text: string
        try {
          text = new TextDecoder('utf-8', { fatal: true }).decode(body)
        } catch {
          throw new ServerException(
            48,
            'NOT_IMPLEMENTED',
            'the stand-in takes text bodies only (no binary formats)',
          )
        }
        queryText = queryText ? `${queryText}\n${text}` : text
      }
      if (!queryText.trim()) throw new ServerException(62, 'SYNTAX_ERROR', 'Empty query')

      const header = req.headers['x-clickhouse-format']
      const defaultFormat =
        params.get('default_format') ?? (typeof header === 'string' ? header : null) ?? 'TabSeparated'
      const format = outputFormat(queryText, defaultFormat)
      const dbHeader = req.headers['x-clickhouse-database']
      const database = params.get('database') ?? (typeof dbHeader === 'string' ? dbHeader : null)
      const settings: Array<[string, string]> = []
      for (const [k, v] of params) {
        if (RESERVED_PARAMS.has(k) || k.startsWith('param_')) continue
        if (!IDENTIFIER.test(k)) throw new ServerException(115, 'UNKNOWN_SETTING', `Unknown setting '${k}'`)
        settings.push([k, v])
      }
      const compression = settings.some(([k, v]) => k === 'enable_http_compression' && v !== '0')
        ? compressFor(req)
        : undefined

      const abort = new AbortController()
      res.on('close', () => {
        if (!res.writableFinished) abort.abort()
      })
      const session = new Session(opts.dataDir)
      let result: ChdbResult
      try {
        // GET is read-only on the server; settings after it, so a GET cannot lift it either.
        if (method === 'GET') await session.queryAsync('SET readonly = 2')
        const all = [...SERVER_DEFAULTS, ...settings]
        await session.queryAsync(`SET ${all.map(([k, v]) => `${k} = ${sqlString(v)}`).join(', ')}`)
        if (database !== null) {
          if (!IDENTIFIER.test(database))
            throw new ServerException(81, 'UNKNOWN_DATABASE', `Database ${database} does not exist`)
          await session.queryAsync(`USE ${database}`)
        }
        if (wireParams.size > 0) {
          const types = placeholderTypes(queryText)
          const bound: Record<string, unknown> = {}
          for (const [name, wire] of wireParams) bound[name] = decodeParam(wire, types.get(name))
          result = await session.queryBindAsync(queryText, bound, { format, signal: abort.signal })
        } else {
          result = await session.queryAsync(queryText, { format, signal: abort.signal })
        }
      } finally {
        session.close()
      }
      const summary = {
        read_rows: String(result.rowsRead ?? 0),
        read_bytes: String(result.bytesRead ?? 0),
        written_rows: '0',
        written_bytes: '0',
        total_rows_to_read: '0',
        result_rows: '0',
        result_bytes: '0',
        elapsed_ns: String(Math.round((result.elapsed ?? 0) * 1e9)),
      }
      let payload = Buffer.from(result.bytes())
      const headers: http.OutgoingHttpHeaders = {
        'content-type': contentType(format),
        'x-clickhouse-query-id': queryId,
        'x-clickhouse-format': format,
        'x-clickhouse-timezone': timezone,
        'x-clickhouse-server-display-name': displayName,
        'x-clickhouse-summary': JSON.stringify(summary),
      }
      if (compression === 'gzip') payload = zlib.gzipSync(payload)
      else if (compression === 'deflate') payload = zlib.deflateSync(payload)
      else if (compression === 'br') payload = zlib.brotliCompressSync(payload)
      if (compression) headers['content-encoding'] = compression
      headers['content-length'] = payload.length
      res.writeHead(200, headers)
      res.end(payload)
    } catch (err) {
      sendError(res, err, queryId)
    }
  }

  // Parameters travel in the URL: the server takes URIs up to 1 MiB (http_max_uri_size), Node 16 KiB.
  const server = http.createServer(
    { maxHeaderSize: 1024 * 1024 + 64 * 1024 },
    (req, res) => void handle(req, res),
  )
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(opts.port, opts.host ?? '127.0.0.1', () => resolve())
  })
  const addr = server.address()
  const port = typeof addr === 'object' && addr ? addr.port : opts.port
  return {
    url: `http://${opts.host ?? '127.0.0.1'}:${port}`,
    port,
    close: async () => {
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
      anchor.close()
    },
  }
}
