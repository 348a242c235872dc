import { z } from 'zod'
import { PlanPeriod, Year } from './plan.schema'

export { PlanPeriod }

/**
 * Shape of a plan's catalog.yml (plans/<id>/catalog.yml). Keys keep the YAML's snake_case so a field has one
 * name in the file, in error messages and in the API. Imports nothing from node so the
 * browser bundle can use the types and the pure math.
 */

export const AREA_CODES = [
  'one_network_service',
  'certificates_seals',
  'data_sharing',
  'hotline',
  'evaluations',
  'city_governance',
  'infrastructure',
] as const

export const AreaCode = z.enum(AREA_CODES)
export type AreaCode = z.infer<typeof AreaCode>

/**
 * '%': a rate, stored as a fraction (80% is 0.8); 'users': a count of people (shown in 万);
 * 'times': a mean count per case (跑动次数, 次); 'workdays': a mean number of working days (个工作日).
 */
export const Unit = z.enum(['%', 'users', 'times', 'workdays'])
export type Unit = z.infer<typeof Unit>

export const Direction = z.enum(['higher', 'lower'])
export type Direction = z.infer<typeof Direction>

export const TargetType = z.enum(['end_of_period', 'yearly', 'cumulative'])
export type TargetType = z.infer<typeof TargetType>

export const Binding = z.enum(['binding', 'expected'])
export type Binding = z.infer<typeof Binding>

export const Breakdown = z.enum(['dept', 'region'])
export type Breakdown = z.infer<typeof Breakdown>

const Text = z.string().trim().min(1, 'must not be empty')

/** A plan document's file name in the plan's documents/ folder. */
const DocumentFile = z
  .string()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}\.txt$/,
    'must be a document file name like 001_a5d8dd1e8ca85863.txt',
  )

/** A quotation from a plan document (documents/); `clause` must be an exact substring of it. */
export const SeedClause = z.strictObject({ seed: DocumentFile, clause: Text })
export type SeedClause = z.infer<typeof SeedClause>

/** A plan document in the documents/ folder: its title as written, cited as 《title》. */
export const SeedDocument = z.strictObject({ title: Text })
export type SeedDocument = z.infer<typeof SeedDocument>

export const YearlyTarget = z
  .strictObject({
    year: Year,
    value: z.number().finite().nullable(),
    source: SeedClause.nullable(),
    derived: z.boolean(),
    locally_set: z.boolean(),
  })
  .superRefine((t, ctx) => {
    const fail = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message })
    if (t.value === null) {
      if (t.source !== null) fail('source', 'a year without a target (value null) has no source')
      if (t.derived || t.locally_set) fail('value', 'a derived or locally set target needs a value')
      return
    }
    if (t.locally_set && t.source !== null)
      fail('source', 'a locally set target has no plan clause: use null')
    if (!t.locally_set && t.source === null) fail('source', 'a plan target needs its seed and clause')
  })
export type YearlyTarget = z.infer<typeof YearlyTarget>

/** A field the app fills in when it resolves a catalog; a catalog file may not state it. */
const resolvedOnly = <T>() =>
  z.custom<T>(() => false, { message: 'is filled in by the app, not stated in the catalog' }).optional()

export const Baseline = z.strictObject({
  year: Year,
  value: z.number().finite().nullable(),
  source: SeedClause.nullable(),
  note: Text.optional(),
  /**
   * Where a baseline the plan does not state comes from (set when the app resolves the
   * catalog, web/server/plan-baselines.ts): recorded by an evaluator, or the earlier plan's
   * final-year actual of a carried-over indicator. Absent: the catalog's own.
   */
  origin: resolvedOnly<'evaluator' | 'carried_over'>(),
  /** An evaluator's baseline: the account that recorded it and when (ISO 8601 instant). */
  recorded_by: resolvedOnly<string>(),
  recorded_at: resolvedOnly<string>(),
})
export type Baseline = z.infer<typeof Baseline>

const CubeMember = z.string().regex(/^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$/, 'must look like view.member')

export const Indicator = z
  .strictObject({
    id: z.string().regex(/^[a-z][a-z0-9_]*$/, 'must be snake_case'),
    name_zh: Text,
    name_en: Text,
    definition_zh: Text,
    definition_en: Text,
    unit: Unit,
    direction: Direction,
    area: AreaCode,
    cube: z.strictObject({
      measure: CubeMember,
      time_dimension: CubeMember.nullable(),
      breakdowns: z.array(Breakdown),
    }),
    /** The plan's period (plan.yml), filled in at load: a catalog does not state it. */
    plan_period: z.custom<PlanPeriod>((v) => PlanPeriod.safeParse(v).success, {
      message: "is the plan's period (plan.yml): remove it from the catalog",
    }),
    /**
     * The earlier plan (id) this indicator continues from, with the same definition. Its
     * baseline is that plan's final-year actual unless `baseline` states a value.
     */
    carried_from: z.string().optional(),
    baseline: Baseline,
    target_type: TargetType,
    targets: z.array(YearlyTarget),
    binding: Binding,
    owner_department: z.strictObject({ name_zh: Text }),
    weight: z.number().finite().positive(),
    note: Text.optional(),
  })
  .superRefine((ind, ctx) => {
    const fail = (path: (string | number)[], message: string) =>
      ctx.addIssue({ code: 'custom', path, message })
    const view = ind.cube.measure.split('.')[0]
    if (ind.cube.measure !== `${view}.${ind.id}`) {
      fail(['cube', 'measure'], `must be <view>.${ind.id} (the measure is named after the indicator id)`)
    }
    const td = ind.cube.time_dimension
    if (td !== null && !td.startsWith(`${view}.`)) {
      fail(['cube', 'time_dimension'], `must be a member of the same view (${view})`)
    }
    if (new Set(ind.cube.breakdowns).size !== ind.cube.breakdowns.length) {
      fail(['cube', 'breakdowns'], 'lists a breakdown twice')
    }

    const { start, end } = ind.plan_period
    const years = ind.targets.map((t) => t.year)
    const expected = Array.from({ length: end - start + 1 }, (_, i) => start + i)
    if (years.join() !== expected.join()) {
      fail(
        ['targets'],
        `must list each year ${start}–${end} once, in order (found ${years.join(', ') || 'none'})`,
      )
    }
    if (ind.baseline.year >= start) fail(['baseline', 'year'], `must be before the plan period (${start})`)
    if (ind.baseline.value !== null && ind.baseline.source === null) {
      fail(['baseline', 'source'], 'a baseline value needs its seed and clause')
    }

    const inRange = (v: number) => (ind.unit === '%' ? v >= 0 && v <= 1 : v >= 0)
    const rangeMsg = ind.unit === '%' ? 'rates are fractions between 0 and 1 (80% is 0.8)' : 'must be ≥ 0'
    if (ind.baseline.value !== null && !inRange(ind.baseline.value)) fail(['baseline', 'value'], rangeMsg)
    ind.targets.forEach((t, i) => {
      if (t.value !== null && !inRange(t.value)) fail(['targets', i, 'value'], rangeMsg)
    })
    if (ind.targets.some((t) => t.locally_set) && !ind.note) {
      fail(['note'], 'locally set targets need a note saying so, in plain words for the reader')
    }
  })
export type Indicator = z.infer<typeof Indicator>

export const Area = z.strictObject({ code: AreaCode, name_zh: Text, name_en: Text })
export type Area = z.infer<typeof Area>

export const Catalog = z
  .strictObject({
    version: z.literal(1),
    /** Each seed file's document title (cited as 《title》; the file name is never shown). */
    seeds: z.record(DocumentFile, SeedDocument),
    /** Named clauses, so a clause is quoted once and referenced with YAML aliases. */
    clauses: z.record(z.string(), SeedClause).optional(),
    areas: z.array(Area),
    indicators: z.array(Indicator).min(1),
  })
  .superRefine((cat, ctx) => {
    const areaCodes = cat.areas.map((a) => a.code)
    if (new Set(areaCodes).size !== areaCodes.length) {
      ctx.addIssue({ code: 'custom', path: ['areas'], message: 'lists an area code twice' })
    }
    const seen = new Set<string>()
    cat.indicators.forEach((ind, i) => {
      if (seen.has(ind.id)) {
        ctx.addIssue({ code: 'custom', path: ['indicators', i, 'id'], message: `duplicate id ${ind.id}` })
      }
      seen.add(ind.id)
      if (!areaCodes.includes(ind.area)) {
        ctx.addIssue({
          code: 'custom',
          path: ['indicators', i, 'area'],
          message: `area ${ind.area} is not listed under areas`,
        })
      }
    })
    // Every quoted document has a title to cite it by.
    const cited = [
      ...Object.values(cat.clauses ?? {}),
      ...cat.indicators.flatMap((ind) => [ind.baseline.source, ...ind.targets.map((t) => t.source)]),
    ]
    for (const seed of new Set(cited.flatMap((c) => (c ? [c.seed] : [])))) {
      if (!cat.seeds[seed]) {
        ctx.addIssue({ code: 'custom', path: ['seeds'], message: `${seed} is quoted but has no title` })
      }
    }
    const total = cat.indicators.reduce((sum, ind) => sum + ind.weight, 0)
    if (Math.abs(total - 100) > 1e-6) {
      ctx.addIssue({
        code: 'custom',
        path: ['indicators'],
        message: `weights must sum to 100 (they sum to ${Number(total.toFixed(6))})`,
      })
    }
  })
export type Catalog = z.infer<typeof Catalog>
