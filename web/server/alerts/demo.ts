import type { MetaDatabase } from '../../../meta/store'
import { audit } from '../auth/users.store'
import { upsertSubscription } from './alerts.store'

const SEEDED = 'demo_subscriptions_seeded'
const DOMAIN = 'example.gov.cn'

/** A mailbox name from an account name: letters, digits, dots and dashes. */
const mailbox = (username: string) =>
  username
    .toLowerCase()
    .replace(/[^a-z0-9.-]+/g, '-')
    .replace(/^-|-$/g, '') || 'user'

/**
 * The demo district's example subscriptions, once (a person who unsubscribes is not
 * subscribed again): the leader to the weekly briefing and to status changes, two
 * departments to their monthly 通报, all addressed to @example.gov.cn.
 */
export async function seedDemoSubscriptions(
  db: MetaDatabase,
  say: (m: string) => void = () => {},
): Promise<void> {
  const done = await db.selectFrom('audit_log').select('id').where('action', '=', SEEDED).executeTakeFirst()
  if (done) return
  const leader = await db
    .selectFrom('users')
    .select('username')
    .where('role', '=', 'leader')
    .where('disabled', '=', false)
    .orderBy('username')
    .executeTakeFirst()
  // Two department accounts, the first by account name.
  const departments = await db
    .selectFrom('users')
    .select('username')
    .where('role', '=', 'department')
    .where('disabled', '=', false)
    .orderBy('username')
    .limit(2)
    .execute()
  if (!leader && !departments.length) return
  await db.transaction().execute(async (trx) => {
    if (leader) {
      const email = `${mailbox(leader.username)}@${DOMAIN}`
      await upsertSubscription(trx, { username: leader.username, kind: 'briefing_weekly', email })
      await upsertSubscription(trx, { username: leader.username, kind: 'indicator_status', email })
    }
    for (const d of departments) {
      const email = `${mailbox(d.username)}@${DOMAIN}`
      await upsertSubscription(trx, { username: d.username, kind: 'department_monthly', email })
    }
    await audit(trx, 'system', SEEDED, '', `${(leader ? 1 : 0) + departments.length} accounts`)
  })
  say(
    `demo subscriptions: ${leader ? `${leader.username}, ` : ''}${departments.map((d) => d.username).join(', ')}`,
  )
}
