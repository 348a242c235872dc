import type { QueryOptions, SemanticLayer } from './engine'

/** The same layer with one caller's options (who, which lane, until when) on every query. */
export function forCaller(layer: SemanticLayer, caller: QueryOptions): SemanticLayer {
  return {
    ...layer,
    load: (query, context, options) => layer.load(query, context, { ...caller, ...options }),
    sql: (query, context, options) => layer.sql(query, context, { ...caller, ...options }),
  }
}
