import { useMutation } from '@tanstack/react-query'
import { useI18n } from '../../i18n/i18n'
import { downloadFile, fileUrl } from '../../lib/download'
import { errorMessage } from '../../lib/errors'
import type { ExploreQuery } from '../../lib/types'

/** CSV / XLSX built by the server from the same governed query, saved as a download. */
export function ExportButtons({ query }: { query: ExploreQuery }) {
  const { t } = useI18n()
  const exp = useMutation({
    mutationFn: (format: 'csv' | 'xlsx') => downloadFile(fileUrl('explore', 'export', { query, format })),
  })
  return (
    <div className="export">
      {(['csv', 'xlsx'] as const).map((format) => (
        <button
          key={format}
          type="button"
          className="btn"
          disabled={exp.isPending}
          onClick={() => exp.mutate(format)}
        >
          {format === 'csv' ? t('ex.exportCsv') : t('ex.exportXlsx')}
        </button>
      ))}
      <span role="status" className="muted">
        {exp.isPending
          ? t('ex.exporting')
          : exp.data
            ? t('ex.exported', { rows: exp.data.rows ?? 0, file: exp.data.filename })
            : ''}
      </span>
      {exp.error && (
        <span role="alert" className="form-error">
          {errorMessage(exp.error)}
        </span>
      )}
    </div>
  )
}
