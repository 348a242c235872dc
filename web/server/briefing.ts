import { shanghaiDate } from '../../indicators/shanghai-time'
import { briefingData } from '../../semantic-layer/queries/briefing'
import type { PublicUser } from './auth/users.store'
import { briefingNotes } from './notes/notes.reports'
import { catalogForYear, planForYear } from './plans'
import { briefingPdf } from './reports'
import { effectiveTargets } from './scoring/ranking.service'
import { departmentDirectory } from './tasks/departments'
import { briefingTasks } from './tasks/task-summary'
import { loadBoard, visibleTo } from './tasks/tasks.service'
import { type AppDeps, securityContextOf } from './trpc'

/** Who a briefing is for: a department account gets its own department's figures and tasks only. */
export type BriefingReader = Pick<PublicUser, 'username' | 'role' | 'dept_code'>

/**
 * The briefing of a year as a PDF, as `reader` may see it: the leaders' 指标监测简报 (every
 * indicator, the off-track ones, the departments behind most, the notes evaluators selected,
 * the plan's tasks), or — for a department account — that department's 通报 (its own figures,
 * notes and tasks; the semantic layer narrows every query to its department, the notes are
 * its own department's). One builder for the download and the alerts.
 */
export async function briefingReport(
  deps: AppDeps,
  reader: BriefingReader,
  year: number,
  options: { title?: string; periodLabel?: string; now?: Date } = {},
) {
  const now = options.now ?? new Date()
  const plan = planForYear(deps, year)
  const catalog = await catalogForYear(deps, year)
  const context = securityContextOf(reader)
  const data = await briefingData(deps.semantic, year, context, {
    catalog,
    departmentTargets: await effectiveTargets(deps, 'department', year),
  })
  const board = await loadBoard(deps, plan, await departmentDirectory(deps), now)
  const tasks = briefingTasks(visibleTo(board, reader), plan.catalog.areas, shanghaiDate(now))
  const notes = await briefingNotes(deps, reader, year, catalog)
  const briefing = {
    title: options.title ?? `${plan.name_zh}指标监测简报`,
    period_label: options.periodLabel ?? `${year}年度`,
    ...data,
    tasks,
    notes,
    generated_at: now,
  }
  return { briefing, body: await briefingPdf(briefing) }
}
