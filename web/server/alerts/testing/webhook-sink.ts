import http, { type IncomingHttpHeaders } from 'node:http'
import type { AddressInfo } from 'node:net'

/** One request the sink received. */
export interface SunkRequest {
  method: string
  path: string
  query: URLSearchParams
  headers: IncomingHttpHeaders
  body: string
  /** the body parsed as JSON, or undefined when it is not JSON */
  json: unknown
}

export interface WebhookReply {
  status: number
  body: unknown
}

export interface WebhookSinkOptions {
  /** the answer to each request (may wait, to play a slow receiver); default 200 {"errcode":0,"errmsg":"ok"} */
  respond?: (req: SunkRequest) => WebhookReply | Promise<WebhookReply>
}

export interface WebhookSink {
  /** an absolute URL on the sink, e.g. url('/cgi-bin/webhook/send?key=…') */
  url: (path?: string) => string
  requests: SunkRequest[]
  waitFor(n: number, timeoutMs?: number): Promise<void>
  close(): Promise<void>
}

const OK: WebhookReply = { status: 200, body: { errcode: 0, errmsg: 'ok' } }

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

/** A real HTTP receiver (node:http) on 127.0.0.1 and a free port, keeping what it receives. */
export async function startWebhookSink(options: WebhookSinkOptions = {}): Promise<WebhookSink> {
  const requests: SunkRequest[] = []
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', async () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1')
      const body = Buffer.concat(chunks).toString('utf8')
      const sunk: SunkRequest = {
        method: req.method ?? '',
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        body,
        json: parseJson(body),
      }
      requests.push(sunk)
      try {
        const reply = options.respond ? await options.respond(sunk) : OK
        const text = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body)
        res.writeHead(reply.status, { 'content-type': 'application/json; charset=utf-8' })
        res.end(text)
      } catch {
        res.destroy()
      }
    })
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve())
  })
  const port = (server.address() as AddressInfo).port
  return {
    url: (path = '/') => `http://127.0.0.1:${port}${path}`,
    requests,
    async waitFor(n, timeoutMs = 5_000) {
      const until = Date.now() + timeoutMs
      while (requests.length < n) {
        if (Date.now() > until)
          throw new Error(`webhook sink: ${requests.length} of ${n} requests after ${timeoutMs} ms`)
        await new Promise((r) => setTimeout(r, 10))
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
