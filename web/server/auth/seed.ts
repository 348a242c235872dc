import fs from 'node:fs'
import path from 'node:path'
import type { MetaDatabase } from '../../../meta/store'
import { ConfigError } from '../../../warehouse/env'
import type { ServerConfig } from '../config'
import { hashPassword, passwordProblem, randomPassword } from './password'
import type { Role } from './roles'
import { audit, countUsers, createFirstAccount, findUser, saveUser } from './users.store'

/** What seeding reads: the seed passwords, and DATA_DIR for the demo accounts' file. */
type SeedConfig = Pick<ServerConfig, 'adminPassword' | 'demoPassword' | 'warehouse'>

/** The accounts DEMO_PASSWORD is given to (besides one dept_<code> per department). */
const DEMO_USERNAMES = ['leader', 'evaluator', 'analyst', 'admin']

/**
 * ADMIN_PASSWORD and DEMO_PASSWORD must pass the same policy as passwords people choose in the
 * app; a weak one stops start-up with a ConfigError saying why.
 */
export function checkSeedPasswords(config: Pick<SeedConfig, 'adminPassword' | 'demoPassword'>): void {
  const issues: string[] = []
  const { adminPassword: admin, demoPassword: demo } = config
  const adminProblem = admin === undefined ? null : passwordProblem(admin, 'admin')
  if (adminProblem) issues.push(`ADMIN_PASSWORD: ${adminProblem}`)
  const demoProblem =
    demo === undefined ? null : DEMO_USERNAMES.map((u) => passwordProblem(demo, u)).find(Boolean)
  if (demoProblem) issues.push(`DEMO_PASSWORD: ${demoProblem}`)
  if (issues.length) throw new ConfigError(issues)
}

/**
 * First start: an `admin` account, with ADMIN_PASSWORD or a random password printed once
 * (saying so when demo data may follow, whose accounts then give admin the demo password).
 */
export async function ensureFirstAdmin(
  db: MetaDatabase,
  config: SeedConfig,
  print: (m: string) => void,
  demoDataMayFollow = false,
): Promise<void> {
  checkSeedPasswords(config)
  if ((await countUsers(db)) > 0) return
  const given = config.adminPassword
  const password = given ?? randomPassword()
  const created = await createFirstAccount(
    db,
    {
      username: 'admin',
      display_name: '系统管理员',
      role: 'admin',
      dept_code: null,
      disabled: false,
      password_hash: await hashPassword(password),
    },
    'first admin',
  )
  // Another instance starting at the same moment made it (and printed its password).
  if (!created) return
  if (!given) {
    const demo = demoDataMayFollow
      ? '；若随后加载演示数据，admin 改用演示密码 (with demo data, admin then uses the demo password)'
      : ''
    print(`首个管理员账号 (first admin): admin / ${password}  — 仅显示这一次 (shown once)${demo}`)
  }
}

export const DEMO_ACCOUNTS_FILE = 'demo-accounts.json'

/**
 * With demo data: leader, evaluator, analyst and one dept_<code> per department, sharing
 * DEMO_PASSWORD or one random password (printed once, and kept in DATA_DIR/demo-accounts.json).
 */
export async function ensureDemoAccounts(
  db: MetaDatabase,
  config: SeedConfig,
  departments: Array<{ code: string; name: string }>,
  print: (m: string) => void,
): Promise<void> {
  checkSeedPasswords(config)
  if (await findUser(db, 'leader')) return
  const password = config.demoPassword ?? randomPassword()
  const accounts: Array<{ username: string; display_name: string; role: Role; dept_code: string | null }> = [
    { username: 'leader', display_name: '区领导', role: 'leader', dept_code: null },
    { username: 'evaluator', display_name: '考核办', role: 'evaluator', dept_code: null },
    { username: 'analyst', display_name: '数据分析员', role: 'analyst', dept_code: null },
    ...departments.map((d) => ({
      username: `dept_${d.code.toLowerCase()}`,
      display_name: d.name,
      role: 'department' as const,
      dept_code: d.code,
    })),
  ]
  for (const a of accounts) {
    await saveUser(db, { ...a, disabled: false, password_hash: await hashPassword(password) }, true)
  }
  // The demo admin shares the demo password only when no ADMIN_PASSWORD was chosen.
  if (!config.adminPassword) {
    const admin = await findUser(db, 'admin')
    if (admin) await saveUser(db, { ...admin, password_hash: await hashPassword(password) }, true)
  }
  const file = path.join(config.warehouse.dataDir, DEMO_ACCOUNTS_FILE)
  const usernames = [...accounts.map((a) => a.username), ...(config.adminPassword ? [] : ['admin'])]
  fs.writeFileSync(
    file,
    `${JSON.stringify({ password: config.demoPassword ? '(DEMO_PASSWORD)' : password, usernames }, null, 2)}\n`,
    { mode: 0o600 },
  )
  await audit(db, 'system', 'demo_accounts_created', '', `${accounts.length} accounts`)
  if (!config.demoPassword) {
    print(
      `演示账号 (demo accounts): ${usernames.slice(0, 4).join(', ')} … 密码 (password): ${password}  — 已写入 ${file}`,
    )
  }
}
