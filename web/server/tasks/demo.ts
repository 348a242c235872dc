import { createHash } from 'node:crypto'
import { planClosed } from '../../../indicators/plans'
import type { AppDeps } from '../trpc'
import type { TaskView } from './board'
import { departmentDirectory } from './departments'
import { loadBoard } from './tasks.service'
import { hasCheckins, insertDecidedCheckin } from './tasks.store'

/**
 * The demo district's task history, so a new user sees check-ins, reviews and every status:
 * for each closed plan, the tasks a district department leads get a deterministic story
 * (most done on time, some late, some stuck part-way, some never reported), filed by the
 * department's demo account and reviewed by the demo evaluator. Tasks with no lead stay
 * 待分配 and untouched. Runs once per plan: nothing when any check-in exists.
 */
const DAY_MS = 86_400_000
/** Demo accounts: the evaluator reviews, each department's dept_<code> files. */
const REVIEWER = 'evaluator'

type Story = 'on_time' | 'late' | 'stuck' | 'silent'

/** A stable story per task (by its id's hash): about 6 in 10 on time, 2 late, 1 stuck, 1 silent. */
export function storyOf(taskId: string): Story {
  const n = createHash('sha256').update(taskId).digest()[0]! % 10
  return n < 6 ? 'on_time' : n < 8 ? 'late' : n < 9 ? 'stuck' : 'silent'
}

const at = (date: string, days: number, hourUtc = 2) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS + hourUtc * 3_600_000).toISOString()

function history(task: TaskView, story: Story) {
  const dept = task.lead!.code!
  const filer = `dept_${dept}`
  const mid = at(task.start, Math.round((Date.parse(task.deadline) - Date.parse(task.start)) / DAY_MS / 2))
  const steps: { percent: number; filed_at: string; note: string }[] = [
    { percent: 50, filed_at: mid, note: '已完成方案编制和主要建设内容，按计划推进。' },
  ]
  if (story === 'on_time')
    steps.push({ percent: 100, filed_at: at(task.deadline, -20), note: '已全部完成，附验收材料。' })
  if (story === 'late')
    steps.push({ percent: 100, filed_at: at(task.deadline, 45), note: '受项目招标延期影响，现已完成。' })
  if (story === 'stuck')
    steps.push({ percent: 70, filed_at: at(task.deadline, -30), note: '部分系统尚待上级部门对接。' })
  return steps.map((s) => ({
    plan_id: '',
    task_id: task.id,
    dept_code: dept,
    percent: s.percent,
    note: s.note,
    filed_by: filer,
    filed_at: s.filed_at,
    state: 'accepted' as const,
    reviewed_by: REVIEWER,
    reviewed_at: new Date(Date.parse(s.filed_at) + 3 * DAY_MS).toISOString(),
    review_reason: null,
  }))
}

export async function seedDemoTasks(
  deps: AppDeps,
  log: (m: string) => void = () => {},
  now = new Date(),
): Promise<void> {
  const demo = await deps.meta
    .selectFrom('users')
    .select('username')
    .where('username', '=', REVIEWER)
    .executeTakeFirst()
  if (!demo) return
  const departments = await departmentDirectory(deps)
  for (const plan of deps.plans.plans) {
    if (!planClosed(plan, now) || (await hasCheckins(deps.meta, plan.id))) continue
    const board = await loadBoard(deps, plan, departments, now)
    const rows = board
      .filter((t) => t.origin === 'plan' && t.lead?.code)
      .flatMap((t) => {
        const story = storyOf(t.id)
        return story === 'silent' ? [] : history(t, story).map((r) => ({ ...r, plan_id: plan.id }))
      })
    await deps.meta.transaction().execute(async (trx) => {
      for (const r of rows) await insertDecidedCheckin(trx, r)
    })
    log(
      `演示数据：已生成${plan.name_zh}任务填报记录 ${rows.length} 条 (demo: ${rows.length} task check-ins for ${plan.id})`,
    )
  }
}
