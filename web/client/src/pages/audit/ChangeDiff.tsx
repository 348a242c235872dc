import { useI18n } from '../../i18n/i18n'
import { type AuditEntry, changeWords, fieldLabel, sideText } from '../../lib/audit'

/**
 * What an entry changed, field by field: before and after side by side, the changed fields
 * highlighted (and said so for screen readers), the unchanged ones kept for context.
 */
export function ChangeDiff({
  change,
  departments,
}: {
  change: NonNullable<AuditEntry['change']>
  /** Department names by code. */
  departments: ReadonlyMap<string, string>
}) {
  const { t } = useI18n()
  const words = changeWords(t, departments)
  return (
    <div className="au-diff">
      {change.lines.length > 0 ? (
        <table className="au-diff-table">
          <thead>
            <tr>
              <th scope="col">{t('au.change.field')}</th>
              <th scope="col">{t('au.change.before')}</th>
              <th scope="col">{t('au.change.after')}</th>
            </tr>
          </thead>
          <tbody>
            {change.lines.map((l) => (
              <tr
                key={l.field}
                className={l.changed ? 'au-changed' : 'au-same'}
                data-field={l.field}
                data-changed={l.changed}
              >
                <th scope="row">
                  {fieldLabel(t, l.field)}
                  {l.changed ? <span className="sr-only">（{t('au.change.changed')}）</span> : null}
                </th>
                <td className={l.inBefore ? 'au-before' : 'au-absent'}>{sideText(t, words, l, 'before')}</td>
                <td className={l.inAfter ? 'au-after' : 'au-absent'}>{sideText(t, words, l, 'after')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {change.truncated ? <p className="muted small">{t('au.change.truncated')}</p> : null}
    </div>
  )
}
