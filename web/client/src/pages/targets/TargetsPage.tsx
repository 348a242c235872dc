import { useMutation } from '@tanstack/react-query'
import { type FormEvent, useRef, useState } from 'react'
import { Panel } from '../../components/Panel'
import { useI18n } from '../../i18n/i18n'
import { downloadFile, fileUrl } from '../../lib/download'
import { errorMessage } from '../../lib/errors'
import { localMessage } from '../../lib/message'
import { uploadTargets } from './upload'
import '../data/data.css'

const thisYear = () => Number(new Date().toLocaleString('sv-SE', { timeZone: 'Asia/Shanghai' }).slice(0, 4))
const YEARS = Array.from({ length: 8 }, (_, i) => 2021 + i)

/** 目标值调整上传 (evaluators, admins): template, upload, and what was wrong row by row. */
export function TargetsPage() {
  const { t, lang } = useI18n()
  const [year, setYear] = useState(() => Math.min(Math.max(thisYear(), YEARS[0]!), YEARS.at(-1)!))
  const [templateError, setTemplateError] = useState<string | null>(null)
  const [missing, setMissing] = useState(false)
  const fileRef = useRef<HTMLInputElement>(null)
  const upload = useMutation({ mutationFn: uploadTargets })

  const template = async () => {
    setTemplateError(null)
    try {
      await downloadFile(fileUrl('targets', 'template', { year }))
    } catch (err) {
      setTemplateError(errorMessage(err))
    }
  }
  const submit = (e: FormEvent) => {
    e.preventDefault()
    const file = fileRef.current?.files?.[0]
    setMissing(!file)
    if (file) upload.mutate(file)
  }
  const result = upload.data
  const fileName = fileRef.current?.files?.[0]?.name ?? ''

  return (
    <div className="stack ds-page">
      <h1>{t('tg.title')}</h1>
      <p className="muted">{t('tg.intro')}</p>
      <section className="card form" aria-label={t('tg.template')}>
        <div className="filters">
          <label>
            {t('tg.year')}
            <select value={year} onChange={(e) => setYear(Number(e.target.value))}>
              {YEARS.map((y) => (
                <option key={y} value={y}>
                  {y}
                </option>
              ))}
            </select>
          </label>
          <button type="button" className="btn" onClick={template}>
            {t('tg.template')}
          </button>
        </div>
        {templateError ? (
          <p className="form-error" role="alert">
            {templateError}
          </p>
        ) : null}
      </section>
      <form className="card form" onSubmit={submit} aria-label={t('tg.upload')}>
        <label>
          {t('tg.file')}
          <input
            ref={fileRef}
            type="file"
            name="file"
            accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            onChange={() => {
              setMissing(false)
              upload.reset()
            }}
          />
        </label>
        <div className="form-actions">
          <button type="submit" className="btn btn-primary" disabled={upload.isPending}>
            {upload.isPending ? t('tg.uploading') : t('tg.upload')}
          </button>
        </div>
        {missing ? (
          <p className="form-error" role="alert">
            {t('tg.noFile')}
          </p>
        ) : null}
        {upload.error ? (
          <p className="form-error" role="alert" data-testid="upload-result">
            {errorMessage(upload.error)}
          </p>
        ) : null}
        {result?.ok ? (
          <p className="banner banner-info" role="status" data-testid="upload-result">
            {t('tg.ok', { n: result.stored, name: fileName })}
          </p>
        ) : null}
      </form>
      {result && !result.ok ? (
        <Panel
          title={t('tg.failed', { n: result.errors.length })}
          isPending={false}
          error={null}
          testId="upload-errors"
        >
          <div className="table-wrap">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col" className="num">
                    {t('tg.row')}
                  </th>
                  <th scope="col">{t('tg.column')}</th>
                  <th scope="col">{t('tg.problem')}</th>
                </tr>
              </thead>
              <tbody>
                {result.errors.map((e, i) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: errors have no identity; the list is replaced whole
                  <tr key={i}>
                    <td className="num">{e.row ?? t('tg.wholeFile')}</td>
                    <td>{e.column ?? t('sc.none')}</td>
                    <td className="wrap">{localMessage(e.message, lang)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </Panel>
      ) : null}
    </div>
  )
}
