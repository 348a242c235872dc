import { useQuery } from '@tanstack/react-query'
import { useId } from 'react'
import { useI18n } from '../../i18n/i18n'
import { useTRPC } from '../../trpc'

/** The dataset filter, by Chinese name. */
export function DatasetSelect({ value, onChange }: { value: string; onChange: (dataset: string) => void }) {
  const { t } = useI18n()
  const trpc = useTRPC()
  const id = useId()
  const datasets = useQuery(
    trpc.data.datasets.queryOptions(undefined, { staleTime: Number.POSITIVE_INFINITY }),
  )
  return (
    <form className="filters" aria-label={t('filter.label')} onSubmit={(e) => e.preventDefault()}>
      <div className="field">
        <label htmlFor={`${id}-ds`}>{t('ds.dataset')}</label>
        <select id={`${id}-ds`} value={value} onChange={(e) => onChange(e.target.value)}>
          <option value="">{t('ds.allDatasets')}</option>
          {(datasets.data ?? []).map((d) => (
            <option key={d.name} value={d.name}>
              {d.label}
            </option>
          ))}
        </select>
      </div>
    </form>
  )
}
