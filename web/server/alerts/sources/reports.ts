import { type BriefingReader, briefingReport } from '../../briefing'
import { reportCardPdf } from '../../reports'
import { shanghaiMinute } from '../../reports/format'
import { rankingReport } from '../../routers/ranking.router'
import { periodFromKey } from '../../scoring/period'
import { getPublished, publicationHistory } from '../../scoring/publication.service'
import type { BriefingTasks } from '../../tasks/task-summary'
import type { AlertEvent, AlertRun } from '../event'
import type { SchedulePeriod } from '../schedule'
import { alertStanding } from './standing'

const PDF = 'application/pdf'
/** Publications older than this are history, not news. */
const RECENT_PUBLICATION_DAYS = 30

const count = (n: number, what: string) => `${what} ${n} 项`

/** `规划任务 45 项：逾期 30 项，有风险 2 项…` (statuses with tasks only). */
function taskLine(tasks: BriefingTasks): string {
  const parts = tasks.counts.filter((c) => c.count > 0).map((c) => `${c.label} ${c.count} 项`)
  return `规划任务 ${tasks.total} 项${parts.length ? `：${parts.join('，')}` : ''}`
}

/** The leaders' briefing for a period, the PDF attached. */
export async function briefingEvent(
  run: AlertRun,
  reader: BriefingReader,
  period: SchedulePeriod,
): Promise<AlertEvent> {
  const { plan, year } = await alertStanding(run)
  const report = briefingReport(run.deps, reader, year, {
    now: run.now,
    periodLabel: `${year}年度（${period.label}）`,
  })
  const { briefing } = await report
  const off = briefing.off_track
  return {
    key: period.key,
    title: `${plan.name_zh}指标监测简报（${period.label}）`,
    lines: [
      `数据截至 ${briefing.as_of}，共 ${briefing.indicators.length} 项指标`,
      `${count(off.length, '需关注（有风险、落后、未达标）')}${
        off.length
          ? `：${off
              .slice(0, 5)
              .map((i) => i.name_zh)
              .join('、')}${off.length > 5 ? ' 等' : ''}`
          : ''
      }`,
      taskLine(briefing.tasks),
    ],
    link: `#/?year=${year}`,
    facts: { kind: 'briefing', period: period.key, year, off_track: off.length },
    attachments: async () => [
      { filename: `领导简报_${period.key}.pdf`, content: (await report).body, contentType: PDF },
    ],
  }
}

/** The latest published department ranking's report card of `dept`, if it is in one. */
async function publishedCard(run: AlertRun, dept: string) {
  const [latest] = await publicationHistory(run.deps, { current: true, unitType: 'department' })
  const period = latest && periodFromKey(latest.period_key)
  if (!period) return null
  const view = await getPublished(run.deps, 'department', period)
  const unit = view.result.units.find((u) => u.unit_code === dept)
  if (!unit) return null
  const ranked = view.result.units.filter((u) => u.rank !== null).length
  return { period, view, unit, ranked }
}

/**
 * A department's monthly 通报: its own indicators and tasks (the briefing as the department
 * sees it) and, once published, its report card. Nothing in it is another department's.
 */
export async function departmentReportEvent(
  run: AlertRun,
  reader: BriefingReader & { dept_code: string },
  deptName: string,
  period: SchedulePeriod,
): Promise<AlertEvent> {
  const { year } = await alertStanding(run)
  const dept = reader.dept_code
  const title = `${deptName}月度通报（${period.label}）`
  const report = briefingReport(run.deps, reader, year, { now: run.now, title, periodLabel: `${year}年度` })
  const [{ briefing }, card] = await Promise.all([report, publishedCard(run, dept)])
  const off = briefing.off_track
  return {
    key: period.key,
    dept,
    title,
    lines: [
      `数据截至 ${briefing.as_of}，本部门 ${briefing.indicators.length} 项指标`,
      `${count(off.length, '需关注（有风险、落后、未达标）')}${off.length ? `：${off.map((i) => i.name_zh).join('、')}` : ''}`,
      taskLine(briefing.tasks),
      ...(card
        ? [
            `${card.period.label}考核结果：得分 ${card.unit.total?.toFixed(1) ?? '—'}，排名 ${card.unit.rank ?? '—'}/${card.ranked}`,
          ]
        : []),
    ],
    link: '#/',
    facts: { kind: 'department_monthly', period: period.key, dept, off_track: off.length },
    attachments: async () => {
      const files = [
        { filename: `月度通报_${period.key}.pdf`, content: (await report).body, contentType: PDF },
      ]
      if (card) {
        const doc = await rankingReport(run.deps, 'department', card.period, card.view)
        files.push({
          filename: `考核成绩单_${card.period.key}.pdf`,
          content: await reportCardPdf(doc, dept),
          contentType: PDF,
        })
      }
      return files
    },
  }
}

/** Rankings published in the last month; a department hears only of department rankings, with its own result. */
export async function publicationEvents(run: AlertRun, reader: BriefingReader): Promise<AlertEvent[]> {
  const since = run.now.getTime() - RECENT_PUBLICATION_DAYS * 86_400_000
  const dept = reader.role === 'department' ? reader.dept_code : null
  const rows = (await publicationHistory(run.deps, { current: true })).filter(
    (r) => new Date(r.published_at).getTime() >= since && (!dept || r.unit_type === 'department'),
  )
  const events: AlertEvent[] = []
  for (const r of rows) {
    const what = `${r.period_label}${r.unit_type === 'department' ? '部门' : '镇（街道）'}考核结果已发布`
    const card = dept ? await publishedCard(run, dept) : null
    if (dept && card?.period.key !== r.period_key) continue
    events.push({
      key: `publication:${r.id}`,
      ...(dept ? { dept } : {}),
      title: what,
      lines: card
        ? [`本部门得分 ${card.unit.total?.toFixed(1) ?? '—'}，排名 ${card.unit.rank ?? '—'}/${card.ranked}`]
        : [`发布时间：${shanghaiMinute(new Date(r.published_at))}`],
      link: '#/results',
      facts: { kind: 'ranking_published', period: r.period_key, unit_type: r.unit_type },
    })
  }
  return events
}
