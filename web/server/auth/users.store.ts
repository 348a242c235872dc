import type { Warehouse } from '../../../warehouse/client'
import type { Role } from './roles'

export interface User {
  username: string
  display_name: string
  role: Role
  dept_code: string | null
  password_hash: string
  disabled: boolean
  /** Epoch milliseconds. */
  password_changed_at: number
}

export type PublicUser = Omit<User, 'password_hash'>

export async function findUser(wh: Warehouse, username: string): Promise<User | undefined> {
  const rows = await wh.rows<User>(
    `SELECT username, display_name, role, dept_code, password_hash, disabled, toUnixTimestamp64Milli(password_changed_at) AS password_changed_at
     FROM users FINAL WHERE username = {username:String}`,
    { username },
  )
  return rows[0]
}

/**
 * The account behind every request, memoized for a moment: under 50 concurrent users the
 * per-request lookup queued behind the engine's one session and set a ~250 ms floor on every
 * call. Every write goes through saveUser, which invalidates the memo, so in this process a
 * disabled account or a new password counts from the next request; another process writing
 * the same warehouse (server mode) is seen within ACCOUNT_MEMO_MS.
 */
export const ACCOUNT_MEMO_MS = 2_000
const accountMemo = new WeakMap<
  Warehouse,
  Map<string, { at: number; gen: number; user: Promise<User | undefined> }>
>()
const generations = new WeakMap<Warehouse, number>()

export function findAccount(wh: Warehouse, username: string): Promise<User | undefined> {
  const memo = accountMemo.get(wh) ?? new Map()
  accountMemo.set(wh, memo)
  const gen = generations.get(wh) ?? 0
  const hit = memo.get(username)
  if (hit && hit.gen === gen && Date.now() - hit.at < ACCOUNT_MEMO_MS) return hit.user
  const user = findUser(wh, username)
  memo.set(username, { at: Date.now(), gen, user })
  // A failed read is not remembered (but a newer entry is left alone).
  user.catch(() => {
    if (memo.get(username)?.user === user) memo.delete(username)
  })
  return user
}

export async function listUsers(wh: Warehouse): Promise<PublicUser[]> {
  return wh.rows<PublicUser>(
    `SELECT username, display_name, role, dept_code, disabled, toUnixTimestamp64Milli(password_changed_at) AS password_changed_at
     FROM users FINAL ORDER BY role, username`,
  )
}

export async function countUsers(wh: Warehouse): Promise<number> {
  const [r] = await wh.rows<{ n: string }>('SELECT count() AS n FROM users FINAL')
  return Number(r?.n ?? 0)
}

/** Writes the account's new state; `passwordChanged` moves password_changed_at (ends older sessions). */
export async function saveUser(
  wh: Warehouse,
  user: Omit<User, 'password_changed_at'>,
  passwordChanged: boolean,
): Promise<void> {
  const prev = await findUser(wh, user.username)
  await wh.command(
    `INSERT INTO users (username, display_name, role, dept_code, password_hash, disabled, password_changed_at, _version)
     VALUES ({username:String}, {display_name:String}, {role:String}, {dept_code:Nullable(String)}, {password_hash:String},
             {disabled:Bool}, fromUnixTimestamp64Milli({changed:Int64}), {version:UInt64})`,
    {
      ...user,
      changed: passwordChanged || !prev ? Date.now() : Number(prev.password_changed_at),
      version: Date.now() * 1000 + Math.floor(Math.random() * 1000),
    },
  )
  // A new generation: reads that began before this write are not served again.
  generations.set(wh, (generations.get(wh) ?? 0) + 1)
}

export async function audit(
  wh: Warehouse,
  actor: string,
  action: string,
  target = '',
  detail = '',
): Promise<void> {
  await wh.command(
    'INSERT INTO audit_log (actor, action, target, detail) VALUES ({actor:String}, {action:String}, {target:String}, {detail:String})',
    { actor, action, target, detail },
  )
}
