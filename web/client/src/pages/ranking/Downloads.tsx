import { useMutation } from '@tanstack/react-query'
import { useI18n } from '../../i18n/i18n'
import { downloadBase64 } from '../../lib/download'
import { errorMessage } from '../../lib/errors'
import type { ExportFile } from './types'

export interface DownloadItem {
  id: string
  label: string
  /** asks the server for the file (XLSX or PDF, base64) */
  build: () => Promise<ExportFile>
}

interface Props {
  label: string
  items: DownloadItem[]
}

/** Buttons that have the server build a file and save it as a Blob download; one at a time. */
export function Downloads({ label, items }: Props) {
  const { t } = useI18n()
  const dl = useMutation({
    mutationFn: (item: DownloadItem) => item.build(),
    onSuccess: (f) => downloadBase64(f.filename, f.base64),
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
