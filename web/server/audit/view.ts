import type { PlanSet } from '../../../indicators/plans'
import type { MetaDatabase } from '../../../meta/store'
import { type ChangeLine, changeLines, isTruncated, parseChange } from '../../shared/audit'
import { displayNames } from '../scoring/ranking.store'
import type { AuditRow } from './audit.store'
import { detailText } from './detail'
import { ACCOUNT_ACTIONS, targetLabel } from './target'

/** The system's own entries (first account, demo data) name it as their actor. */
export const SYSTEM_ACTOR = 'system'
const SYSTEM_NAME = '系统'

/** `system`, or `system:<what>` (the demo's publisher); no account name has a colon. */
export const isSystemActor = (actor: string) => actor === SYSTEM_ACTOR || actor.startsWith(`${SYSTEM_ACTOR}:`)

/** A system actor as people read it. */
export const systemName = (actor: string) =>
  actor === 'system:demo' ? `${SYSTEM_NAME}（演示数据）` : SYSTEM_NAME

/** One audit entry as the page and the export show it. */
export interface AuditEntry {
  id: number
  /** ISO 8601 instant. */
  at: string
  actor: string
  actor_name: string
  /** The app itself, not a person (no account to show). */
  system: boolean
  action: string
  target: string
  target_label: string
  detail: string
  /** Field by field, where the entry recorded what it changed; null otherwise. */
  change: { lines: ChangeLine[]; truncated: boolean } | null
}

/** Fields of a change whose value is an account (who asked, who approved). */
const PERSON_FIELDS: ReadonlySet<string> = new Set(['publish_requested_by', 'requested_by', 'approved_by'])

/** A change recorded field by field (not cut, not a bare value). */
const isFields = (o: unknown): o is Record<string, unknown> =>
  typeof o === 'object' && o !== null && !Array.isArray(o) && !isTruncated(o)

/** An account as people read it: its display name, with the account after it. */
export const personLabel = (username: string, name: string | undefined) =>
  name && name !== username ? `${name}（${username}）` : username

/** Display names of the actors and of the accounts entries name, with the system's own. */
export async function namesFor(db: MetaDatabase, rows: readonly AuditRow[]): Promise<Map<string, string>> {
  const wanted = new Set<string>()
  for (const r of rows) {
    if (!isSystemActor(r.actor)) wanted.add(r.actor)
    if (ACCOUNT_ACTIONS.has(r.action) && r.target) wanted.add(r.target)
    for (const side of [r.before, r.after]) {
      const o = parseChange(side)
      if (!isFields(o)) continue
      for (const f of PERSON_FIELDS) {
        const v = o[f]
        if (typeof v === 'string') wanted.add(v)
      }
    }
  }
  const names = await displayNames(db, wanted)
  for (const r of rows) if (isSystemActor(r.actor)) names.set(r.actor, systemName(r.actor))
  return names
}

function shownChange(r: AuditRow, names: ReadonlyMap<string, string>): AuditEntry['change'] {
  if (r.before === null && r.after === null) return null
  const named = (o: unknown) =>
    isFields(o)
      ? Object.fromEntries(
          Object.entries(o).map(([k, v]) =>
            PERSON_FIELDS.has(k) && typeof v === 'string' ? [k, personLabel(v, names.get(v))] : [k, v],
          ),
        )
      : o
  const before = named(parseChange(r.before))
  const after = named(parseChange(r.after))
  const truncated = isTruncated(before) || isTruncated(after)
  // A cut side cannot be compared field by field: the other side is shown alone.
  const lines = changeLines(isTruncated(before) ? null : before, isTruncated(after) ? null : after)
  return { lines, truncated }
}

export function toEntry(
  r: AuditRow,
  ctx: { plans: PlanSet; names: ReadonlyMap<string, string> },
): AuditEntry {
  return {
    id: r.id,
    at: r.at.toISOString(),
    actor: r.actor,
    actor_name: ctx.names.get(r.actor) ?? r.actor,
    system: isSystemActor(r.actor),
    action: r.action,
    target: r.target,
    target_label: targetLabel(r.action, r.target, ctx),
    detail: detailText(r.action, r.detail),
    change: shownChange(r, ctx.names),
  }
}
