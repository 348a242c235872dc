import type { Role } from '../../../../meta/schema'
import { shanghaiMinute } from '../../reports/format'
import { type Appeal, listAppeals, openWindows } from '../../scoring/appeals.store'
import { periodFromKey } from '../../scoring/period'
import { listPublications } from '../../scoring/ranking.store'
import { usersWithRoles } from '../alerts.store'
import { type AlertEvent, type AlertRun, once } from '../event'

/**
 * The evaluation loop's notifications (issue 19): not subscribed to, but owed to the people a
 * step concerns. Appeal filed → evaluators and admins; decision → the department's accounts;
 * publicity closing soon → departments holding a draft; publication → everyone who may see it.
 * Each event names its recipients; a department account only ever gets its own department's.
 */

export type EvaluationKind = 'appeal_filed' | 'appeal_decided' | 'publicity_closing' | 'ranking_published'

export interface EvaluationNotice {
  kind: EvaluationKind
  event: AlertEvent
  recipients: string[]
}

const DAY_MS = 86_400_000
/** Decisions and publications older than this are history, not news. */
const RECENT_MS = 30 * DAY_MS
const SUBJECT_ZH = { indicator: '指标得分', adjustment: '加减分' } as const

const label = (periodKey: string) => periodFromKey(periodKey)?.label ?? periodKey

async function accounts(run: AlertRun, roles: readonly Role[]) {
  return usersWithRoles(run.deps.meta, roles)
}

async function departmentAccounts(run: AlertRun, dept: string): Promise<string[]> {
  return (await once(run, 'department-accounts', () => accounts(run, ['department'])))
    .filter((u) => u.dept_code === dept)
    .map((u) => u.username)
}

function appealLines(a: Appeal, deptName: (code: string) => string): string[] {
  return [
    `申诉单位：${deptName(a.unit_code)}`,
    `申诉对象：${SUBJECT_ZH[a.subject_kind]}`,
    `申诉理由：${a.reason}`,
  ]
}

export async function evaluationNotices(
  run: AlertRun,
  deptName: (code: string) => string,
): Promise<EvaluationNotice[]> {
  const notices: EvaluationNotice[] = []
  const reviewers = (await accounts(run, ['evaluator', 'admin'])).map((u) => u.username)
  // Windows whose appeals may still be news: open ones and those ended recently.
  for (const w of await openWindows(run.deps.meta, new Date(run.now.getTime() - RECENT_MS))) {
    const appeals = await listAppeals(run.deps.meta, w.id)
    for (const a of appeals) {
      if (a.status === 'filed' && !w.ended_at) {
        notices.push({
          kind: 'appeal_filed',
          recipients: reviewers,
          event: {
            key: `appeal:${a.id}:filed`,
            dept: a.unit_code,
            title: `${label(w.period_key)}考核收到新的申诉（${deptName(a.unit_code)}）`,
            lines: [...appealLines(a, deptName), `提交时间：${shanghaiMinute(a.filed_at!)}`],
            link: '#/ranking',
            facts: { appeal: a.id, unit: a.unit_code, period: w.period_key },
          },
        })
      }
      if (
        (a.status === 'accepted' || a.status === 'rejected') &&
        run.now.getTime() - Date.parse(a.decided_at!) < RECENT_MS
      ) {
        notices.push({
          kind: 'appeal_decided',
          recipients: await departmentAccounts(run, a.unit_code),
          event: {
            key: `appeal:${a.id}:${a.status}`,
            dept: a.unit_code,
            title: `您的申诉已复核：${a.status === 'accepted' ? '予以采纳' : '不予采纳'}`,
            lines: [...appealLines(a, deptName), `复核意见：${a.decision_reason ?? ''}`],
            link: '#/results',
            facts: { appeal: a.id, status: a.status, period: w.period_key },
          },
        })
      }
    }
    const closes = Date.parse(w.closes_at)
    const left = closes - run.now.getTime()
    if (!w.ended_at && left > 0 && left <= w.remind_days * run.deps.config.publicityDayMs) {
      const drafting = new Set(appeals.filter((a) => a.status === 'draft').map((a) => a.unit_code))
      for (const dept of drafting) {
        notices.push({
          kind: 'publicity_closing',
          recipients: await departmentAccounts(run, dept),
          event: {
            key: `window:${w.id}:closing:${dept}`,
            dept,
            title: `${label(w.period_key)}考核公示将于 ${shanghaiMinute(w.closes_at)} 结束，您有未提交的申诉`,
            lines: ['公示结束后不能再提交申诉，请及时提交或删除草稿。'],
            link: '#/results',
            facts: { window: w.id, closes_at: w.closes_at },
          },
        })
      }
    }
  }
  const audience = await accounts(run, ['leader', 'evaluator', 'admin', 'department'])
  for (const p of await listPublications(run.deps.meta, { current: true, limit: 20 })) {
    if (run.now.getTime() - Date.parse(p.published_at) >= RECENT_MS) continue
    const event: AlertEvent = {
      key: `publication:${p.id}`,
      title: `${label(p.period_key)}${p.unit_type === 'department' ? '部门' : '镇街'}考核结果已发布`,
      lines: [`发布时间：${shanghaiMinute(p.published_at)}`],
      link: '#/results',
      facts: { publication: p.id, period: p.period_key, unit_type: p.unit_type },
    }
    notices.push({
      kind: 'ranking_published',
      recipients: audience.filter((u) => u.role !== 'department').map((u) => u.username),
      event,
    })
    // A department account sees department rankings only, as its own report card.
    if (p.unit_type !== 'department') continue
    const depts = new Set(
      audience.flatMap((u) => (u.role === 'department' && u.dept_code ? [u.dept_code] : [])),
    )
    for (const dept of depts) {
      notices.push({
        kind: 'ranking_published',
        recipients: audience
          .filter((u) => u.role === 'department' && u.dept_code === dept)
          .map((u) => u.username),
        event: { ...event, dept, lines: [...event.lines, '可在“考核结果”中查看本部门的成绩单。'] },
      })
    }
  }
  return notices
}

export const EVALUATION_KIND_ZH: Record<EvaluationKind, string> = {
  appeal_filed: '考核申诉待复核',
  appeal_decided: '考核申诉复核结果',
  publicity_closing: '考核公示即将结束',
  ranking_published: '考核结果发布',
}
