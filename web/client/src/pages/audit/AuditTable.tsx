import { useI18n } from '../../i18n/i18n'
import { type AuditEntry, actionLabel, auditTime } from '../../lib/audit'
import { ChangeDiff } from './ChangeDiff'

/** One page of the audit log: when (Beijing time), who, what, on what, and what it changed. */
export function AuditTable({
  rows,
  departments,
}: {
  rows: readonly AuditEntry[]
  /** Department names by code, for changes that name a department. */
  departments: ReadonlyMap<string, string>
}) {
  const { t } = useI18n()
  return (
    <div className="table-wrap">
      <table className="table au-table" data-testid="audit-table">
        <thead>
          <tr>
            <th scope="col">{t('au.col.time')}</th>
            <th scope="col">{t('au.col.actor')}</th>
            <th scope="col">{t('au.col.action')}</th>
            <th scope="col">{t('au.col.target')}</th>
            <th scope="col">{t('au.col.detail')}</th>
            <th scope="col">{t('au.col.change')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((e) => (
            <tr key={e.id} data-entry={e.id} data-action={e.action}>
              <td className="nowrap">{auditTime(e.at)}</td>
              <td className="nowrap">
                {e.actor_name}
                {!e.system && e.actor_name !== e.actor ? <div className="muted small">{e.actor}</div> : null}
              </td>
              <td className="nowrap" data-col="action">
                {actionLabel(t, e.action)}
              </td>
              <td className="wrap">{e.target_label}</td>
              <td className="wrap">{e.detail}</td>
              <td className="au-change-cell">
                {e.change ? <ChangeDiff change={e.change} departments={departments} /> : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
