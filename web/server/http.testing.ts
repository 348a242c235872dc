import { randomBytes } from 'node:crypto'
import type { AddressInfo } from 'node:net'
import { createServer, type HttpOptions } from './http'
import { TEST_PASSWORD } from './testing'
import type { AppDeps } from './trpc'

/** A browser's cookies for the app: the CSRF token and, once signed in, the session. */
export interface Jar {
  ps_csrf: string
  ps_session?: string
}

export interface TrpcResponse<T = unknown> {
  status: number
  data: T
  error: { message: string; data?: { code?: string } } | undefined
  text: string
  setCookies: string[]
}

/** The answer of a /files/ route: the file's bytes, or the JSON error when refused. */
export interface FileResponse<T = unknown> {
  status: number
  headers: Headers
  body: Buffer
  /** A JSON answer (an upload's result). */
  data: T
  error: TrpcResponse['error']
  text: string
}

async function fileResponse<T>(res: Response): Promise<FileResponse<T>> {
  const body = Buffer.from(await res.arrayBuffer())
  const text = body.toString('utf8')
  let json: { error?: TrpcResponse['error'] } | undefined
  if ((res.headers.get('content-type') ?? '').startsWith('application/json')) json = JSON.parse(text)
  return {
    status: res.status,
    headers: res.headers,
    body,
    data: (json?.error ? undefined : json) as T,
    error: json?.error,
    text,
  }
}

const cookieHeader = (jar: Jar) =>
  Object.entries(jar)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${v}`)
    .join('; ')

/** Talks to a running app over HTTP the way the web client does (cookies, CSRF header). */
export function httpClient(base: string) {
  async function send<T>(res: Response): Promise<TrpcResponse<T>> {
    const text = await res.text()
    const body = JSON.parse(text) as { result?: { data: T }; error?: TrpcResponse['error'] }
    return {
      status: res.status,
      data: body.result?.data as T,
      error: body.error,
      text,
      setCookies: res.headers.getSetCookie(),
    }
  }
  const client = {
    base,
    /** A fresh jar: the CSRF cookie every first response sets. */
    async csrf(): Promise<Jar> {
      const res = await fetch(`${base}/healthz`)
      await res.arrayBuffer()
      const set = res.headers.getSetCookie().findLast((c) => c.startsWith('ps_csrf='))!
      return { ps_csrf: set.split(';')[0]!.slice('ps_csrf='.length) }
    },
    query<T = unknown>(path: string, input: unknown, jar?: Jar): Promise<TrpcResponse<T>> {
      const qs = input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify(input))}`
      return fetch(`${base}/trpc/${path}${qs}`, { headers: jar ? { cookie: cookieHeader(jar) } : {} }).then(
        (r) => send<T>(r),
      )
    },
    mutate<T = unknown>(path: string, input: unknown, jar: Jar): Promise<TrpcResponse<T>> {
      return fetch(`${base}/trpc/${path}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          cookie: cookieHeader(jar),
          'x-csrf-token': jar.ps_csrf,
        },
        body: JSON.stringify(input ?? {}),
      }).then((r) => send<T>(r))
    },
    /** `GET /files/<path>?input=<JSON>`: a download, as the web client asks for it. */
    download(path: string, input: unknown, jar?: Jar): Promise<FileResponse> {
      const qs = input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify(input))}`
      return fetch(`${base}/files/${path}${qs}`, { headers: jar ? { cookie: cookieHeader(jar) } : {} }).then(
        (r) => fileResponse(r),
      )
    },
    /** `POST /files/<path>` with the file as the body, the CSRF header and its name. */
    upload<T = unknown>(
      path: string,
      file: Buffer,
      jar: Jar,
      opts: { name?: string; headers?: Record<string, string> } = {},
    ): Promise<FileResponse<T>> {
      return fetch(`${base}/files/${path}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/octet-stream',
          cookie: cookieHeader(jar),
          'x-csrf-token': jar.ps_csrf,
          'x-file-name': encodeURIComponent(opts.name ?? '目标.xlsx'),
          ...opts.headers,
        },
        body: new Uint8Array(file),
      }).then((r) => fileResponse<T>(r))
    },
    /** Signs in; the jar carries the new session cookie when it succeeded. */
    async signIn(username: string, password = TEST_PASSWORD) {
      const jar = await client.csrf()
      const res = await client.mutate('auth.signIn', { username, password }, jar)
      const set = res.setCookies.find((c) => c.startsWith('ps_session='))
      if (set) jar.ps_session = set.split(';')[0]!.slice('ps_session='.length)
      // The CSRF token is bound to the session: sign-in sends a fresh one.
      const csrf = res.setCookies.findLast((c) => c.startsWith('ps_csrf='))
      if (csrf) jar.ps_csrf = csrf.split(';')[0]!.slice('ps_csrf='.length)
      return { res, jar }
    },
    /** Signs in and fails loudly otherwise. */
    async session(username: string, password = TEST_PASSWORD): Promise<Jar> {
      const { res, jar } = await client.signIn(username, password)
      if (res.status !== 200 || !jar.ps_session)
        throw new Error(`sign-in ${username}: ${res.status} ${res.text}`)
      return jar
    },
    /** Who the server thinks the jar belongs to (null: no live session). */
    async me(jar: Jar): Promise<{ username: string } | null> {
      return (await client.query<{ username: string } | null>('auth.me', undefined, jar)).data
    },
  }
  return client
}

/** The app's real request handler on a free local port. */
export async function serveApp(deps: AppDeps, opts: Partial<Omit<HttpOptions, 'deps'>> = {}) {
  const server = createServer({ deps, csrfSecret: randomBytes(32), ...opts })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return {
    ...httpClient(base),
    server,
    close: () => {
      server.closeAllConnections()
      server.close()
    },
  }
}
