import { useQuery } from '@tanstack/react-query'
import { useI18n } from '../../i18n/i18n'
import type { Me } from '../../lib/types'
import { useTRPC } from '../../trpc'

/** A department account sees its department named, and no department or region filters. */
export function DeptBanner({ me }: { me: Me }) {
  const { t } = useI18n()
  const trpc = useTRPC()
  const depts = useQuery(trpc.reference.departments.queryOptions())
  const name = depts.data?.find((d) => d.code === me.dept_code)?.name ?? me.display_name
  return (
    <div className="banner banner-dept" role="note" data-testid="dept-banner">
      {t('dept.banner', { name: `${name}（${me.dept_code ?? ''}）` })}
    </div>
  )
}
