import { useQuery } from '@tanstack/react-query'
import { useI18n } from '../../i18n/i18n'
import { useTRPC } from '../../trpc'

/**
 * Area and indicator names of a plan in the page's language (reference.catalog); until the
 * catalog is there, or for a code it does not know, the Chinese name given or the code.
 */
export function useCatalogNames(plan: string) {
  const { pick } = useI18n()
  const trpc = useTRPC()
  const catalog = useQuery(trpc.reference.catalog.queryOptions({ plan }, { staleTime: 5 * 60_000 }))
  const areas = new Map<string, string>(
    (catalog.data?.areas ?? []).map((a) => [a.code, pick(a.name_zh, a.name_en)]),
  )
  const indicators = new Map<string, string>(
    (catalog.data?.indicators ?? []).map((i) => [i.id, pick(i.name_zh, i.name_en)]),
  )
  return {
    /** Every area of the plan, in catalog order. */
    areaList: (catalog.data?.areas ?? []).map((a) => ({ code: a.code, name: pick(a.name_zh, a.name_en) })),
    area: (code: string, fallback?: string) => areas.get(code) ?? fallback ?? code,
    indicator: (id: string) => indicators.get(id) ?? id,
  }
}
