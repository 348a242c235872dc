import { useI18n } from '../../i18n/i18n'

interface Props {
  townName: string | null
  onDistrict: () => void
}

/** 全区 › <town>: the way back up from a drill-down. */
export function RegionBreadcrumb({ townName, onDistrict }: Props) {
  const { t } = useI18n()
  return (
    <nav aria-label={t('filter.town')} className="breadcrumb">
      <ol>
        <li>
          {townName ? (
            <button type="button" className="link-button" onClick={onDistrict}>
              {t('filter.allDistrict')}
            </button>
          ) : (
            <span aria-current="location">{t('filter.allDistrict')}</span>
          )}
        </li>
        {townName && (
          <li>
            <span aria-current="location">{townName}</span>
          </li>
        )}
      </ol>
    </nav>
  )
}
