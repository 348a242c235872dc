import { useMutation, useQueryClient } from '@tanstack/react-query'
import { type FormEvent, useRef, useState } from 'react'
import { Panel } from '../../components/Panel'
import { useI18n } from '../../i18n/i18n'
import { downloadFile, fileUrl } from '../../lib/download'
import { errorMessage } from '../../lib/errors'
import { localMessage } from '../../lib/message'
import { clampToPlan, currentPlan, thisYear } from '../../lib/plans'
import { usePlans } from '../../lib/usePlans'
import { BaselinesPanel } from './BaselinesPanel'
import { TargetVersionsPanel } from './TargetVersionsPanel'
import { TemplateYearSelect } from './TemplateYearSelect'
import { uploadTargets } from './upload'
import '../data/data.css'

/** 目标值调整上传 (evaluators, admins): template, upload, what was wrong row by row, and the versions. */
export function TargetsPage() {
  const { t, lang } = useI18n()
  const plans = usePlans()
  const [picked, setYear] = useState<number | null>(null)
  // Until one is picked: the current plan's year today falls in (within its period).
  const current = plans.data ? currentPlan(plans.data) : undefined
  const year = picked ?? (current ? clampToPlan(current, thisYear()) : null)
  const [templateError, setTemplateError] = useState<string | null>(null)
  const [missing, setMissing] = useState(false)
  const fileRef = useRef<HTMLInputElement>(null)
  const queryClient = useQueryClient()
  const upload = useMutation({
    mutationFn: uploadTargets,
    // A stored file is a new target version, and every figure judged by the targets may change.
    onSuccess: (r) => (r.ok ? queryClient.invalidateQueries() : undefined),
  })

  const template = async () => {
    if (year === null) return
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
          <TemplateYearSelect plans={plans.data ?? []} year={year} onChange={setYear} />
          <button type="button" className="btn" onClick={template} disabled={year === null}>
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
      <TargetVersionsPanel plans={plans.data ?? []} defaultYear={year} />
      <BaselinesPanel />
    </div>
  )
}
