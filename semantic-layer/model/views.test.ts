import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { DATASET_NAMES } from '../../etl/contract/datasets'
import { loadViewCatalog, type MetaView } from '../engine/meta'
import { openTestLayer, type TestLayer } from '../testing/layer'

/**
 * Each view declares the datasets it reads in its YAML `meta.datasets` (the first is the
 * one its measures count); the semantic layer's meta API carries them, and the scorecard
 * dates each card by the first one's latest load.
 */

const MODEL = path.join(import.meta.dirname)

interface YamlFile {
  cubes?: Array<{ name: string; sql?: string; pre_aggregations?: unknown }>
  views?: Array<{ name: string; cubes: Array<{ join_path: string }> }>
}

function yamlFiles(dir: string): YamlFile[] {
  return fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.yml'))
    .map((f) => parse(fs.readFileSync(path.join(dir, f), 'utf8')) as YamlFile)
}

describe('views declare their datasets', () => {
  let t: TestLayer
  let views: MetaView[]
  beforeAll(async () => {
    t = await openTestLayer()
    views = await t.sl.meta()
  })
  afterAll(() => t.dispose())

  it('every view names, through the meta API, contract datasets that exist', () => {
    expect(views.length).toBeGreaterThan(0)
    for (const v of views) {
      expect(v.datasets.length, v.name).toBeGreaterThan(0)
      expect(
        v.datasets.filter((d) => !DATASET_NAMES.includes(d)),
        `${v.name}: not contract datasets`,
      ).toEqual([])
    }
  })

  it('names exactly the tables its cubes read, the counted one first', () => {
    // The tables each cube reads (FROM <table> FINAL, the one documented way): its own SQL's
    // first, then those its members' SQL reads (a subquery), and the working-day calendar
    // where a member counts working days (workdays_between reads the index built from it).
    const tablesOf = new Map<string, string[]>()
    const read = (text: string) => [...text.matchAll(/\bFROM\s+(\w+)\s+FINAL\b/gi)].map((m) => m[1]!)
    for (const file of yamlFiles(path.join(MODEL, 'cubes'))) {
      for (const cube of file.cubes ?? []) {
        const members = JSON.stringify({ ...cube, sql: undefined, pre_aggregations: undefined })
        tablesOf.set(cube.name, [
          ...new Set([
            ...read(cube.sql ?? ''),
            ...read(members),
            ...(members.includes('workdays_between(') ? ['calendar'] : []),
          ]),
        ])
      }
    }
    const declared = yamlFiles(path.join(MODEL, 'views')).flatMap((f) => f.views ?? [])
    expect(declared.map((v) => v.name).sort()).toEqual(views.map((v) => v.name).sort())
    for (const view of declared) {
      const cubes = [...new Set(view.cubes.flatMap((c) => c.join_path.split('.')))]
      const tables = cubes.flatMap((c) => tablesOf.get(c) ?? [])
      const meta = views.find((v) => v.name === view.name)!
      expect(new Set(meta.datasets), view.name).toEqual(new Set(tables))
      // The root of the first join path holds the measures the view counts.
      expect(meta.datasets[0], view.name).toBe(tablesOf.get(view.cubes[0]!.join_path.split('.')[0]!)?.[0])
    }
  })

  it('a department account sees the same datasets on the views it may query', async () => {
    const own = await t.sl.meta({ role: 'department', deptCode: 'D1' })
    expect(own.length).toBeGreaterThan(0)
    for (const v of own) expect(v.datasets, v.name).toEqual(views.find((x) => x.name === v.name)!.datasets)
  })

  it('refuses a view that declares no datasets', async () => {
    const compilerApi = {
      metaConfig: async () => [
        { config: { name: 'bare_kpis', type: 'view', title: 'bare', measures: [], dimensions: [] } },
      ],
    }
    await expect(loadViewCatalog(compilerApi as never)).rejects.toThrow(/view bare_kpis: meta\.datasets/)
  })
})
