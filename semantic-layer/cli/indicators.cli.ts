import { parseArgs } from 'node:util'
import type { Catalog } from '../../indicators/catalog.schema'
import { baselineYear } from '../../indicators/plan.schema'
import { loadPlans, planInfo } from '../../indicators/plans'
import { openWarehouse } from '../../warehouse/client'
import { ConfigError, loadWarehouseConfig } from '../../warehouse/config'
import { readSettings } from '../../warehouse/env'
import { setLogLevel } from '../../warehouse/log'
import { migrate } from '../../warehouse/migrate'
import { PLANS_SETTINGS } from '../engine/config'
import { createSemanticLayer } from '../engine/engine'
import type { MetaView } from '../engine/meta'
import { withCarriedBaselines } from '../queries/carried-baselines'
import { indicatorView } from '../queries/indicator-query'
import { indicatorValues } from '../queries/scorecard'

const USAGE = `用法 (usage):
  npm run indicators -- plans [--json]    列出规划 (list the plans: id, name, period)
  npm run indicators -- values --year <Y> [--plan <id>] [--dept <code>] [--region <code>] [--as-of <YYYY-MM-DD>] [--json]
  npm run indicators -- check
  npm run indicators -- refresh    重建全部预聚合 (rebuild every pre-aggregation now)`

/** Every member the catalog names must exist in the compiled views; every plan year needs a target entry. */
export function checkCatalog(catalog: Catalog, views: MetaView[]): string[] {
  const members = new Set(views.flatMap((v) => [...v.measures, ...v.dimensions].map((m) => m.name)))
  const problems: string[] = []
  for (const ind of catalog.indicators) {
    const view = indicatorView(ind)
    const needed = [ind.cube.measure, ...(ind.cube.time_dimension ? [ind.cube.time_dimension] : [])]
    if (ind.cube.breakdowns.includes('dept')) needed.push(`${view}.dept_code`)
    if (ind.cube.breakdowns.includes('region')) needed.push(`${view}.region_code`, `${view}.town_code`)
    for (const m of needed)
      if (!members.has(m)) problems.push(`${ind.id}: member ${m} is not in the compiled model`)
    for (let y = ind.plan_period.start; y <= ind.plan_period.end; y++) {
      if (!ind.targets.some((t) => t.year === y)) problems.push(`${ind.id}: no target entry for ${y}`)
    }
  }
  return problems
}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      year: { type: 'string' },
      plan: { type: 'string' },
      dept: { type: 'string' },
      region: { type: 'string' },
      'as-of': { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  })
  const command = positionals[0]
  if (command !== 'values' && command !== 'check' && command !== 'refresh' && command !== 'plans') {
    process.stderr.write(`${USAGE}\n`)
    return 2
  }
  const plans = loadPlans(readSettings({ plans: PLANS_SETTINGS }).plans.roots)
  if (command === 'plans') {
    const list = plans.plans.map((p) => planInfo(p, plans))
    if (values.json) console.log(JSON.stringify(list))
    else
      for (const p of list)
        console.log(
          [
            p.id,
            p.name_zh,
            `${p.period.start}–${p.period.end}`,
            p.current ? '当前规划' : p.closed ? '已结束' : '',
          ].join('\t'),
        )
    return 0
  }
  const year = Number(values.year)
  const plan = values.plan ? plans.get(values.plan) : (plans.forYear(year) ?? plans.current)
  if (!plan) {
    process.stderr.write(
      `没有规划 ${values.plan}；已有: ${plans.plans.map((p) => p.id).join(', ')} (no such plan)\n`,
    )
    return 2
  }
  if (
    command === 'values' &&
    (!Number.isInteger(year) || year < baselineYear(plan.period) || year > plan.period.end)
  ) {
    process.stderr.write(
      `--year 必须是${plan.name_zh}的年份 ${baselineYear(plan.period)}–${plan.period.end} (must be a year of the plan)\n${USAGE}\n`,
    )
    return 2
  }
  const config = loadWarehouseConfig()
  setLogLevel(config.logLevel)
  const wh = openWarehouse(config.warehouse)
  const sl = createSemanticLayer({ warehouse: config.warehouse })
  try {
    await migrate(wh)
    if (command === 'refresh') {
      // After loads made with `npm run etl` while the app was stopped, or after a refresh was cut short.
      const r = await sl.refreshPreAggregations()
      console.log(
        `✓ 已重建 ${r.preAggregations.length} 个预聚合, 用时 ${(r.durationMs / 1000).toFixed(1)} 秒 (rebuilt ${r.preAggregations.length} pre-aggregations in ${(r.durationMs / 1000).toFixed(1)} s)`,
      )
      return 0
    }
    if (command === 'check') {
      const views = await sl.meta()
      const problems = plans.plans.flatMap((p) => checkCatalog(p.catalog, views).map((m) => `${p.id}: ${m}`))
      for (const p of problems) process.stderr.write(`✗ ${p}\n`)
      if (!problems.length)
        console.log(
          `✓ ${plans.plans.length} 个规划的指标目录与语义层一致 (every plan's catalog matches the model)`,
        )
      return problems.length ? 1 : 0
    }
    const asOf = values['as-of']
    if (asOf !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(asOf)) {
      process.stderr.write('--as-of 必须是 YYYY-MM-DD (must be a date)\n')
      return 2
    }
    const rows = await indicatorValues(
      sl,
      {
        year,
        ...(asOf ? { asOf } : {}),
        ...(values.dept ? { deptCode: values.dept } : {}),
        ...(values.region ? { regionCode: values.region } : {}),
      },
      { role: 'analyst' },
      // Carried-over indicators start from the earlier plan's final actual, as in the app.
      await withCarriedBaselines(sl, plans, plan),
    )
    const out = rows.map(({ id, value, target, expected_to_date, status }) => ({
      id,
      value,
      target,
      expected_to_date,
      status,
    }))
    if (values.json) console.log(JSON.stringify(out))
    else
      for (const r of out)
        console.log(
          [r.id, r.value ?? '无数据', r.target ?? '-', r.expected_to_date ?? '-', r.status].join('\t'),
        )
    return 0
  } finally {
    await sl.close()
    await wh.close()
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    // Cube's orchestrator keeps timers alive after close; the command is done.
    process.exit(code)
  },
  (e) => {
    process.stderr.write(
      `${e instanceof ConfigError ? e.message : `错误 (error): ${(e as Error).message}`}\n`,
    )
    process.exitCode = 2
  },
)
