import fs from 'node:fs'
import path from 'node:path'

/** Signed-in sessions over plain HTTP, the way the browser gets them (CSRF cookie, then sign-in). */
export interface Session {
  username: string
  role: string
  deptCode: string | null
  /** Sent on every request: the session cookie and the double-submit CSRF cookie/header. */
  headers: Record<string, string>
}

const cookie = (res: Response, name: string) =>
  res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0]!)
    .find((c) => c.startsWith(`${name}=`))
    ?.slice(name.length + 1) ?? ''

export async function signIn(base: string, username: string, password: string): Promise<Session> {
  const csrf = cookie(await fetch(`${base}/healthz`), 'ps_csrf')
  const res = await fetch(`${base}/trpc/auth.signIn`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: `ps_csrf=${csrf}`, 'x-csrf-token': csrf },
    body: JSON.stringify({ username, password }),
  })
  if (!res.ok) throw new Error(`sign-in as ${username} failed: ${res.status} ${await res.text()}`)
  const session = cookie(res, 'ps_session')
  const user = ((await res.json()) as { result: { data: { role: string; dept_code: string | null } } }).result
    .data
  return {
    username,
    role: user.role,
    deptCode: user.dept_code,
    // The web client sends the CSRF header on every request (trpc.ts), queries included.
    headers: { cookie: `ps_csrf=${csrf}; ps_session=${session}`, 'x-csrf-token': csrf },
  }
}

/**
 * Which accounts the sessions use: per ten sessions 3 leaders, 2 evaluators, 2 analysts and
 * 3 department accounts (each a different department while there are enough), so the mix
 * has both the unrestricted and the department-restricted query paths.
 */
export function chooseAccounts(dataDir: string, n: number): string[] {
  const { usernames } = JSON.parse(fs.readFileSync(path.join(dataDir, 'demo-accounts.json'), 'utf8')) as {
    usernames: string[]
  }
  const depts = usernames.filter((u) => u.startsWith('dept_'))
  if (depts.length === 0) throw new Error('no department demo accounts')
  const pattern = 'leader evaluator dept analyst leader dept evaluator leader dept analyst'.split(' ')
  let d = 0
  return Array.from({ length: n }, (_, i) => {
    const slot = pattern[i % pattern.length]!
    return slot === 'dept' ? depts[d++ % depts.length]! : slot
  })
}

/** A GET through tRPC's batch protocol, as the client's httpBatchLink sends it. */
export function trpcPath(calls: Array<[procedure: string, input?: unknown]>): string {
  const input = Object.fromEntries(calls.map(([, inp], i) => [i, inp]))
  return `/trpc/${calls.map(([p]) => p).join(',')}?batch=1&input=${encodeURIComponent(JSON.stringify(input))}`
}

/** One GET; throws unless every batched call returned a result. */
export async function trpcGet<T = unknown>(base: string, s: Session, urlPath: string): Promise<T[]> {
  const res = await fetch(`${base}${urlPath}`, { headers: s.headers })
  const text = await res.text()
  const problem = trpcProblem(res.status, text)
  if (problem) throw new Error(`${s.username} GET ${decodeURIComponent(urlPath)}: ${problem}`)
  return (JSON.parse(text) as Array<{ result: { data: T } }>).map((r) => r.result.data)
}

/**
 * Why a response is a failure, or null: not 2xx, not JSON, or any batched call answered with
 * an error (a batch with some failures comes back 207, which is 2xx).
 */
export function trpcProblem(status: number, body: string): string | null {
  if (status < 200 || status > 299) return `HTTP ${status} ${body.slice(0, 300)}`
  let parsed: unknown
  try {
    parsed = JSON.parse(body)
  } catch {
    return `not JSON: ${body.slice(0, 200)}`
  }
  const items = Array.isArray(parsed) ? parsed : [parsed]
  const bad = items.find((r) => !r || typeof r !== 'object' || !('result' in r) || 'error' in r)
  return bad ? `tRPC error ${JSON.stringify(bad).slice(0, 300)}` : null
}
