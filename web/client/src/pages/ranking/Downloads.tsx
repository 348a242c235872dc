import { useMutation } from '@tanstack/react-query'
import { useI18n } from '../../i18n/i18n'
import { downloadFile } from '../../lib/download'
import { errorMessage } from '../../lib/errors'

export interface DownloadItem {
  id: string
  label: string
  /** the file route that builds it (XLSX or PDF), see lib/download.ts fileUrl */
  url: string
}

interface Props {
  label: string
  items: DownloadItem[]
}

/** Buttons that fetch a server-built file and save it as a Blob download; one at a time. */
export function Downloads({ label, items }: Props) {
  const { t } = useI18n()
  const dl = useMutation({
    mutationFn: (item: DownloadItem) => downloadFile(item.url),
  })
  const pendingId = dl.isPending ? dl.variables?.id : undefined
  return (
    <fieldset className="downloads">
      <legend className="sr-only">{label}</legend>
      {items.map((item) => (
        <button
          key={item.id}
          type="button"
          className="btn btn-small"
          disabled={dl.isPending}
          aria-busy={pendingId === item.id}
          onClick={() => dl.mutate(item)}
        >
          {item.label}
        </button>
      ))}
      <span role="status" className="muted">
        {dl.isPending ? t('rk.dl.busy') : dl.data ? t('rk.dl.done', { file: dl.data.filename }) : ''}
      </span>
      {dl.error && (
        <span role="alert" className="form-error">
          {errorMessage(dl.error)}
        </span>
      )}
    </fieldset>
  )
}
