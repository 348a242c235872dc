import type { DictKey } from '../i18n/zh'
import type { Role } from './types'

export interface NavItem {
  path: string
  label: DictKey
  roles: readonly Role[]
}

const ALL: readonly Role[] = ['leader', 'evaluator', 'analyst', 'department', 'admin']

/** Mirrors the server's access rules (web/server/trpc.ts and the routers). */
export const NAV: NavItem[] = [
  { path: '/', label: 'nav.scorecard', roles: ALL },
  { path: '/tasks', label: 'nav.tasks', roles: ALL },
  { path: '/ranking', label: 'nav.ranking', roles: ['evaluator', 'admin'] },
  { path: '/results', label: 'nav.results', roles: ['leader', 'evaluator', 'admin', 'department'] },
  { path: '/final', label: 'nav.final', roles: ['leader', 'evaluator', 'admin'] },
  { path: '/explore', label: 'nav.explore', roles: ALL },
  { path: '/data', label: 'nav.data', roles: ['leader', 'evaluator', 'analyst', 'admin'] },
  { path: '/targets', label: 'nav.targets', roles: ['evaluator', 'admin'] },
  { path: '/alerts', label: 'nav.alerts', roles: ['evaluator', 'admin'] },
  { path: '/audit', label: 'nav.audit', roles: ['evaluator', 'admin'] },
  { path: '/admin', label: 'nav.admin', roles: ['admin'] },
]

export function canSee(role: Role, path: string): boolean {
  const item = NAV.find((n) => n.path === path)
  return item ? item.roles.includes(role) : true
}

/** Where a user lands after signing in. */
export function homeFor(role: Role): string {
  return role === 'analyst' ? '/explore' : '/'
}
