import { randomBytes } from 'node:crypto'
import type { MetaDatabase } from './store'

/**
 * A named key shared by every app instance: the first caller stores `initial` (or fresh
 * random bytes), every later caller, on any instance, reads that same value.
 */
export async function sharedSecret(
  db: MetaDatabase,
  name: string,
  opts: { bytes: number; initial?: Buffer | undefined },
): Promise<Buffer> {
  const candidate = opts.initial && opts.initial.length >= opts.bytes ? opts.initial : randomBytes(opts.bytes)
  await db
    .insertInto('app_secrets')
    .values({ name, value: candidate })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute()
  const row = await db
    .selectFrom('app_secrets')
    .select('value')
    .where('name', '=', name)
    .executeTakeFirstOrThrow()
  return Buffer.from(row.value)
}
