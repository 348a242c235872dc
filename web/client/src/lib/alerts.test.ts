import { describe, expect, it } from 'vitest'
import { en } from '../i18n/en'
import type { T } from '../i18n/i18n'
import { zh } from '../i18n/zh'
import {
  appLink,
  badgeText,
  channelLabel,
  deliveryStatusLabel,
  parseEmails,
  resendable,
  ruleSummary,
  scheduleText,
  sortRoles,
  subscriptionLabel,
} from './alerts'

const tOf =
  (dict: Record<string, string>): T =>
  (key, vars) =>
    dict[key]!.replace(/\{(\w+)\}/g, (m, name: string) => (vars && name in vars ? String(vars[name]) : m))
const t = tOf(zh)
const tEn = tOf(en)

describe('alerts on the client', () => {
  it('caps the bell badge at 99+ and hides it at 0', () => {
    expect(badgeText(0)).toBeNull()
    expect(badgeText(-1)).toBeNull()
    expect(badgeText(3)).toBe('3')
    expect(badgeText(99)).toBe('99')
    expect(badgeText(100)).toBe('99+')
  })

  it('follows only the app’s own routes', () => {
    expect(appLink('#/tasks/x?plan=fyp14')).toBe('#/tasks/x?plan=fyp14')
    expect(appLink('https://example.gov.cn/')).toBeNull()
    expect(appLink('javascript:alert(1)')).toBeNull()
    expect(appLink(null)).toBeNull()
  })

  it('reads a typed list of addresses, keeping the bad ones apart', () => {
    expect(parseEmails('a@example.gov.cn, b@example.gov.cn；a@example.gov.cn\nnot-an-address')).toEqual({
      emails: ['a@example.gov.cn', 'b@example.gov.cn'],
      bad: ['not-an-address'],
    })
    expect(parseEmails('  ')).toEqual({ emails: [], bad: [] })
  })

  it('offers 重新发送 only for mail and robot rows that failed or were interrupted', () => {
    expect(resendable({ channel: 'email', status: 'unknown' })).toBe(true)
    expect(resendable({ channel: 'webhook', status: 'abandoned' })).toBe(true)
    expect(resendable({ channel: 'email', status: 'failed' })).toBe(true)
    expect(resendable({ channel: 'email', status: 'sent' })).toBe(false)
    expect(resendable({ channel: 'email', status: 'sending' })).toBe(false)
    expect(resendable({ channel: 'inapp', status: 'unknown' })).toBe(false)
  })

  it('says a rule’s settings in Chinese, never its codes', () => {
    expect(ruleSummary(t, 'task_status', { statuses: ['at_risk', 'overdue'] })).toBe('状态为有风险、逾期')
    expect(ruleSummary(t, 'indicator_status', {})).toBe('状态为有风险、落后、未达标')
    expect(ruleSummary(t, 'behind_schedule', { points: 5 })).toBe('落后序时进度超过 5 个百分点')
    expect(ruleSummary(t, 'data_stale', { days: 30 })).toBe('超过 30 天未更新')
    expect(ruleSummary(t, 'load_failed', { rejected: 0 })).toBe('加载失败或有隔离行')
    expect(ruleSummary(t, 'load_failed', { rejected: 10 })).toBe('加载失败或隔离超过 10 行')
    expect(ruleSummary(t, 'indicator_status', { statuses: ['behind'], dept: 'D1' }, () => '区教育局')).toBe(
      '状态为落后；仅区教育局',
    )
    expect(ruleSummary(tEn, 'checkin_waiting', { days: 7 })).toBe('Awaiting review for more than 7 days')
  })

  it('names statuses, channels and kinds in the page’s language, falling back to the server’s label', () => {
    expect(deliveryStatusLabel(t, 'unknown')).toBe('发送中断未确认')
    expect(deliveryStatusLabel(t, 'abandoned')).toBe('失败已放弃')
    expect(channelLabel(t, 'webhook')).toBe('群机器人')
    expect(channelLabel(tEn, 'inapp')).toBe('In-app')
    expect(subscriptionLabel(t, 'briefing_weekly')).toBe('领导简报（每周一）')
    expect(subscriptionLabel(t, 'new_kind', '新的订阅')).toBe('新的订阅')
  })

  it('lists a rule’s roles in one order, whatever order they were chosen in', () => {
    expect(sortRoles(['department', 'leader'])).toEqual(['leader', 'department'])
    expect(sortRoles(['admin', 'analyst', 'leader'])).toEqual(['leader', 'admin', 'analyst'])
  })

  it('puts the common schedules in words', () => {
    expect(scheduleText(t, '*/15 * * * *')).toBe('每 15 分钟')
    expect(scheduleText(t, '0 8 * * *')).toBe('每天 08:00')
    expect(scheduleText(t, '5 * * * *')).toBe('每小时第 5 分')
    expect(scheduleText(t, '0 8 * * 1')).toBe('按设定的时间表')
    expect(scheduleText(t, 'nonsense')).toBe('按设定的时间表')
  })
})
