import { loadPlans } from '../indicators/plans'
import { TASK_STATUS_ZH, TASK_STATUSES, type TaskStatus } from '../indicators/tasks/status'
import { createSemanticLayer } from '../semantic-layer/engine/engine'
import { openWarehouse } from '../warehouse/client'
import { setLogLevel } from '../warehouse/log'
import { migrate } from '../warehouse/migrate'
import type { TaskView } from '../web/server/tasks/board'
import { byUrgency } from '../web/server/tasks/tasks.service'
import { readArgs, runCli, UsageError } from './cli-run'
import { loadConfig } from './config'
import { planTaskBoard } from './task-board'

const USAGE = `用法 (usage):
  npm run tasks -- list [--plan <id>] [--status <状态>] [--json]
    规划任务及其状态；--plan 默认为当前规划，--status 可为 ${TASK_STATUSES.map((s) => `${s}（${TASK_STATUS_ZH[s]}）`).join('、')}`

/** What a task's lead reads as when the plan names none and no evaluator assigned one. */
const UNASSIGNED = '待分配'

function options(argv: string[]) {
  const { values, positionals } = readArgs(argv, {
    plan: { type: 'string' },
    status: { type: 'string' },
    json: { type: 'boolean' },
  })
  if (positionals[0] !== 'list' || positionals.length !== 1)
    throw new UsageError('请指定命令：list (which command?)')
  let status: TaskStatus | undefined
  if (values.status !== undefined) {
    status = TASK_STATUSES.find((s) => s === values.status || TASK_STATUS_ZH[s] === values.status)
    if (!status) throw new UsageError(`未知状态 ${values.status} (unknown status)`)
  }
  return { plan: values.plan, status, json: values.json === true }
}

const row = (t: TaskView) => ({
  id: t.id,
  title_zh: t.title_zh,
  kind: t.kind,
  origin: t.origin,
  area: t.area,
  source_document: t.source?.document ?? null,
  /** The document's file in the plan's documents/ folder. */
  source_file: t.source?.seed ?? null,
  clause: t.source?.clause ?? null,
  basis: t.basis,
  lead_department: t.lead?.name ?? UNASSIGNED,
  lead_code: t.lead?.code ?? null,
  partners: t.partners.map((p) => p.name),
  start: t.start,
  deadline: t.deadline,
  deadline_stated: t.deadline_stated,
  progress: t.progress,
  completed_on: t.completed_on,
  status: t.status,
  status_zh: t.status_zh,
})

/** `npm run tasks -- list …`: a plan's tasks with their derived status, as the app shows them. */
async function main(argv: string[]): Promise<number> {
  const args = options(argv)
  const config = loadConfig()
  setLogLevel(config.logLevel)
  const plans = loadPlans(config.plans.roots)
  const plan = args.plan === undefined ? plans.current : plans.get(args.plan)
  if (!plan)
    throw new UsageError(
      `没有这个规划：${args.plan}（可选：${plans.plans.map((p) => p.id).join('、')}） (unknown plan)`,
    )
  const wh = openWarehouse(config.warehouse)
  const sl = createSemanticLayer({ warehouse: config.warehouse })
  try {
    await migrate(wh)
    const board = (await planTaskBoard(config, sl, plan))
      .filter((t) => !args.status || t.status === args.status)
      .sort(byUrgency)
    if (args.json) {
      process.stdout.write(
        `${JSON.stringify({ plan: { id: plan.id, name_zh: plan.name_zh }, tasks: board.map(row) }, null, 2)}\n`,
      )
    } else {
      console.log(`${plan.name_zh}：${board.length} 项任务`)
      for (const t of board) {
        console.log(
          `  [${t.status_zh}] ${t.id}  ${t.title_zh}  牵头：${t.lead?.name ?? UNASSIGNED}  截止：${t.deadline}`,
        )
      }
    }
    return 0
  } finally {
    await sl.close()
    await wh.close()
  }
}

runCli(main, USAGE)
