import { useCallback, useSyncExternalStore } from 'react'

/** A tiny hash router: `#/indicator/<id>?year=2025&region=…`. */
export interface Route {
  path: string
  segments: string[]
  params: URLSearchParams
}

function parse(hash: string): Route {
  const raw = hash.replace(/^#/, '') || '/'
  const [pathPart = '/', query = ''] = raw.split('?', 2)
  const path = pathPart.startsWith('/') ? pathPart : `/${pathPart}`
  return {
    path,
    segments: path.split('/').filter(Boolean).map(decodeURIComponent),
    params: new URLSearchParams(query),
  }
}

/**
 * Readers of the address. `hashchange` arrives after the event that changed it, so an input
 * whose value is kept in the address (a checkbox, a select) would be put back by React for a
 * moment before it; `navigate` tells the readers at once, inside the same event.
 */
const readers = new Set<() => void>()
const subscribe = (cb: () => void) => {
  readers.add(cb)
  window.addEventListener('hashchange', cb)
  return () => {
    readers.delete(cb)
    window.removeEventListener('hashchange', cb)
  }
}
const snapshot = () => window.location.hash

export type Params = Record<string, string | number | null | undefined>

/** `#/path?k=v` with empty values left out. */
export function href(path: string, params: Params = {}): string {
  const q = new URLSearchParams()
  for (const [k, v] of Object.entries(params))
    if (v !== null && v !== undefined && v !== '') q.set(k, String(v))
  const qs = q.toString()
  return `#${path}${qs ? `?${qs}` : ''}`
}

export function navigate(path: string, params: Params = {}): void {
  window.location.hash = href(path, params)
  for (const read of readers) read()
}

export function useRoute(): Route & { setParams: (patch: Params) => void } {
  const hash = useSyncExternalStore(subscribe, snapshot, snapshot)
  const route = parse(hash)
  const setParams = useCallback(
    (patch: Params) => {
      const current = Object.fromEntries(route.params.entries())
      navigate(route.path, { ...current, ...patch })
    },
    [route.path, route.params],
  )
  return { ...route, setParams }
}
