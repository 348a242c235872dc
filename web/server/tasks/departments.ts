import type { MetaDatabase } from '../../../meta/store'
import { listDepartments } from '../departments'
import type { AppDeps } from '../trpc'
import type { DeptRef } from './tasks.store'

/**
 * The district's departments (code and name) from the governed views, for matching the
 * department names plan tasks give and for assigning tasks. Cached for a minute per
 * metadata store: departments change with a data load, not per request.
 */
const TTL_MS = 60_000
const cache = new WeakMap<MetaDatabase, { expires: number; list: Promise<DeptRef[]> }>()

export function departmentDirectory(
  deps: Pick<AppDeps, 'semantic' | 'meta'>,
  now = Date.now(),
): Promise<DeptRef[]> {
  const hit = cache.get(deps.meta)
  if (hit && hit.expires > now) return hit.list
  const list = listDepartments(deps.semantic, { role: 'admin' })
  const entry = { expires: now + TTL_MS, list }
  cache.set(deps.meta, entry)
  list.catch(() => {
    if (cache.get(deps.meta) === entry) cache.delete(deps.meta)
  })
  return list
}
