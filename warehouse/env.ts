import { z } from 'zod'

/**
 * The only module that reads process.env (enforced by Biome's noProcessEnv). Each layer
 * declares the variables it honours, with their defaults, in its own settings
 * (`defineSettings`): warehouse/config.ts, etl/config.ts, semantic-layer/engine/config.ts,
 * web/server/config.ts. A program reads all the settings it needs at once at start
 * (`readSettings`), so one ConfigError lists every problem, each naming its variable.
 */
export type EnvSource = Readonly<Record<string, string | undefined>>

export const processEnv = (): EnvSource => process.env

export class ConfigError extends Error {
  constructor(readonly issues: string[]) {
    super(`Invalid configuration / 配置错误:\n${issues.map((i) => `  - ${i}`).join('\n')}`)
    this.name = 'ConfigError'
  }
}

type EnvSchema = z.ZodObject<Record<string, z.ZodType>>

/** One layer's settings: the variables it reads and the configuration made from them. */
export interface Settings<C, S extends EnvSchema = EnvSchema> {
  readonly schema: S
  /** May throw a ConfigError for a rule across variables. */
  readonly build: (env: z.output<S>) => C
}

export function defineSettings<S extends EnvSchema, C>(
  schema: S,
  build: (env: z.output<S>) => C,
): Settings<C, S> {
  return { schema, build }
}

// biome-ignore lint/suspicious/noExplicitAny: any layer's settings, whatever its schema
type AnySettings = Settings<unknown, any>
type ConfigOf<T> = T extends Settings<infer C, EnvSchema> ? C : never

/**
 * Validates every given layer's variables against `source` (the process's environment by
 * default) and builds each layer's configuration. Problems of all layers are reported
 * together, as `VARIABLE: what is wrong`.
 */
export function readSettings<T extends Record<string, AnySettings>>(
  layers: T,
  source: EnvSource = processEnv(),
): { [K in keyof T]: ConfigOf<T[K]> } {
  const issues: string[] = []
  const out: Record<string, unknown> = {}
  for (const [name, settings] of Object.entries(layers)) {
    const parsed = (settings.schema as EnvSchema).safeParse(source)
    if (!parsed.success) {
      issues.push(...parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`))
      continue
    }
    try {
      out[name] = settings.build(parsed.data)
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err
      issues.push(...err.issues)
    }
  }
  if (issues.length) throw new ConfigError([...new Set(issues)])
  return out as { [K in keyof T]: ConfigOf<T[K]> }
}

// Building blocks for the layers' schemas: an empty or blank variable counts as unset.

const emptyToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v)

export const envVar = {
  /** Any text, or undefined when unset. */
  optionalString: () => z.preprocess(emptyToUndefined, z.string().optional()),
  /** Any text, with a default. */
  string: (fallback: string) => z.preprocess(emptyToUndefined, z.string().default(fallback)),
  /** A number > 0 (a whole one when `whole`), with a default. */
  positiveNumber: (name: string, fallback: number, whole = false) =>
    z.preprocess(
      emptyToUndefined,
      z.coerce
        .number({ error: `${name} must be a number` })
        .positive(`${name} must be > 0`)
        .refine((v) => !whole || Number.isInteger(v), `${name} must be a whole number`)
        .default(fallback),
    ),
  preprocess: <T extends z.ZodType>(schema: T) => z.preprocess(emptyToUndefined, schema),
}
