import { writeFileSync } from 'node:fs'
import { loadPlans } from '../indicators/plans'
import { createSemanticLayer } from '../semantic-layer/engine/engine'
import { finalEvaluation } from '../semantic-layer/queries/final-evaluation'
import { openWarehouse } from '../warehouse/client'
import { setLogLevel } from '../warehouse/log'
import { migrate } from '../warehouse/migrate'
import { finalReportNotes } from '../web/server/notes/notes.reports'
import { finalEvaluationDocx, finalEvaluationPdf } from '../web/server/reports'
import { closedPlan, type ReportFormat } from '../web/server/reports/final-evaluation.plan'
import { finalTasks } from '../web/server/tasks/task-summary'
import { readArgs, runCli, UsageError } from './cli-run'
import { loadConfig } from './config'
import { openMeta } from './stores'
import { planTaskBoard } from './task-board'

const USAGE = `用法 (usage):
  npm run report -- final-evaluation [--plan <id>] --format docx|pdf --out <file>
    终期评估报告：--plan 默认为最近一个已结束的规划 (default: the latest plan that is over)`

function options(argv: string[]) {
  const { values, positionals } = readArgs(argv, {
    plan: { type: 'string' },
    format: { type: 'string' },
    out: { type: 'string' },
  })
  if (positionals[0] !== 'final-evaluation' || positionals.length !== 1)
    throw new UsageError('请指定报告：final-evaluation (which report?)')
  const format = values.format
  if (format !== 'docx' && format !== 'pdf') throw new UsageError('--format 必须是 docx 或 pdf (docx or pdf)')
  if (!values.out) throw new UsageError('请用 --out 指定输出文件 (--out FILE is required)')
  return { plan: values.plan, format: format as ReportFormat, out: values.out }
}

/** `npm run report -- final-evaluation …`: the 终期评估 of a closed plan as DOCX or PDF. */
async function main(argv: string[]): Promise<number> {
  const args = options(argv)
  const config = loadConfig()
  const plan = closedPlan(loadPlans(config.plans.roots), args.plan)
  setLogLevel(config.logLevel)
  const wh = openWarehouse(config.warehouse)
  const sl = createSemanticLayer({ warehouse: config.warehouse })
  try {
    await migrate(wh)
    // The whole district and every task, as leaders and evaluators see them.
    const ev = await finalEvaluation(sl, { plan, catalog: plan.catalog }, { role: 'admin' })
    const now = new Date()
    const tasks = finalTasks(await planTaskBoard(config, sl, plan, now), plan.catalog.areas)
    // The notes evaluators selected (情况说明), as the app's download prints them.
    const meta = await openMeta(config)
    const notes = await finalReportNotes(
      { meta: meta.db, semantic: sl },
      { role: 'admin', dept_code: null },
      plan.period,
      plan.catalog,
    ).finally(() => meta.close())
    const report = { ...ev, tasks, notes, generated_at: now }
    const body = args.format === 'docx' ? await finalEvaluationDocx(report) : await finalEvaluationPdf(report)
    writeFileSync(args.out, body)
    const s = ev.summary
    const { start, end } = plan.period
    console.log(
      `✓ 终期评估：${plan.name_zh}（${start}–${end}年）${s.total} 项指标，达成 ${s.met} 项，未达成 ${s.missed} 项，无数据 ${s.no_data} 项` +
        `${s.no_target ? `，无目标 ${s.no_target} 项` : ''}；` +
        `${tasks.total} 项任务，按期完成 ${tasks.done_on_time} 项，逾期完成 ${tasks.done_late} 项，未完成 ${tasks.not_done} 项 → ${args.out} ` +
        `(final evaluation of ${plan.id}: ${s.met} met, ${s.missed} missed, ${s.no_data} no data, ${s.no_target} no target; ` +
        `tasks: ${tasks.done_on_time} on time, ${tasks.done_late} late, ${tasks.not_done} not done)`,
    )
    return 0
  } finally {
    await sl.close()
    await wh.close()
  }
}

runCli(main, USAGE)
