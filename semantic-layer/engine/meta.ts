import type { OfflineCompilerApi } from './compiler'

export interface MetaMember {
  name: string
  title: string
  shortTitle?: string
  description?: string
  type: string
  /** Cube's named display format (`percent`: a 0–1 fraction shown as %), when the model sets one. */
  format?: string
}

export interface MetaView {
  name: string
  title: string
  description?: string
  measures: MetaMember[]
  dimensions: MetaMember[]
  /** Whether the view has `dept_code`, i.e. can be restricted to one department. */
  hasDepartment: boolean
  /**
   * The datasets (warehouse tables) the view reads, as its YAML `meta.datasets` declares
   * them; the first is the one its measures count, whose latest load dates its figures.
   */
  datasets: string[]
  /**
   * The region levels the view's facts are recorded at, as its YAML `meta.region_levels`
   * declares them: 'town' (town_code) and/or 'village' (region_code is a village). A
   * breakdown or drill-down is offered only at these levels.
   */
  regionLevels: RegionLevel[]
}

export const REGION_LEVELS = ['town', 'village'] as const
export type RegionLevel = (typeof REGION_LEVELS)[number]

/** The queryable surface: views only, each member by its full name. */
export interface ViewCatalog {
  views: MetaView[]
  byName: Map<string, MetaView>
  members: Set<string>
}

interface CubeMetaMember {
  name: string
  title: string
  shortTitle?: string
  description?: string
  type: string
  format?: unknown
  isVisible?: boolean
  public?: boolean
}
interface CubeMetaConfig {
  config: {
    name: string
    type: 'cube' | 'view'
    title: string
    description?: string
    isVisible?: boolean
    public?: boolean
    measures: CubeMetaMember[]
    dimensions: CubeMetaMember[]
    meta?: { datasets?: unknown; region_levels?: unknown }
  }
}

const toMember = (m: CubeMetaMember): MetaMember => ({
  name: m.name,
  title: m.title,
  ...(m.shortTitle ? { shortTitle: m.shortTitle } : {}),
  ...(m.description ? { description: m.description } : {}),
  type: m.type,
  ...(typeof m.format === 'string' ? { format: m.format } : {}),
})

/** A view's `meta.datasets`: at least one dataset name, each once. */
function datasetsOf(view: CubeMetaConfig['config']): string[] {
  const declared = view.meta?.datasets
  const names = Array.isArray(declared) ? declared : []
  if (
    names.length === 0 ||
    !names.every((d): d is string => typeof d === 'string' && /^[a-z][a-z0-9_]*$/.test(d)) ||
    new Set(names).size !== names.length
  ) {
    throw new Error(`view ${view.name}: meta.datasets must list the datasets it reads, each once`)
  }
  return names
}

/** A view's `meta.region_levels`: known levels, each once, each backed by its dimension. */
function regionLevelsOf(view: CubeMetaConfig['config'], dimensions: MetaMember[]): RegionLevel[] {
  const declared = view.meta?.region_levels ?? []
  const names = Array.isArray(declared) ? declared : [declared]
  const has = (d: string) => dimensions.some((m) => m.name === `${view.name}.${d}`)
  const backing: Record<RegionLevel, string> = { town: 'town_code', village: 'region_code' }
  if (
    !names.every((l): l is RegionLevel => (REGION_LEVELS as readonly unknown[]).includes(l)) ||
    new Set(names).size !== names.length ||
    !names.every((l) => has(backing[l]))
  ) {
    throw new Error(
      `view ${view.name}: meta.region_levels must list town (needs town_code) and/or village (needs region_code), each once`,
    )
  }
  return REGION_LEVELS.filter((l) => names.includes(l))
}

export async function loadViewCatalog(compilerApi: OfflineCompilerApi): Promise<ViewCatalog> {
  const cubes = (await compilerApi.metaConfig({}, { requestId: 'meta' })) as CubeMetaConfig[]
  const views = cubes
    .map((c) => c.config)
    .filter((c) => c.type === 'view' && c.public !== false)
    .map((c) => {
      const visible = (m: CubeMetaMember) => m.public !== false && m.isVisible !== false
      const dimensions = c.dimensions.filter(visible).map(toMember)
      return {
        name: c.name,
        title: c.title,
        ...(c.description ? { description: c.description } : {}),
        measures: c.measures.filter(visible).map(toMember),
        dimensions,
        hasDepartment: dimensions.some((d) => d.name === `${c.name}.dept_code`),
        datasets: datasetsOf(c),
        regionLevels: regionLevelsOf(c, dimensions),
      }
    })
  const members = new Set(views.flatMap((v) => [...v.measures, ...v.dimensions].map((m) => m.name)))
  return { views, byName: new Map(views.map((v) => [v.name, v])), members }
}
