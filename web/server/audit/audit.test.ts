import { describe, expect, it } from 'vitest'
import { loadPlans } from '../../../indicators/plans'
import { changeLines, formatChangeValue } from '../../shared/audit'
import { CHANGE_MAX_BYTES, changeText } from './change'
import { detailText } from './detail'
import { targetLabel } from './target'
import { CHANGE_WORDS } from './words'

/** The audit log's pure parts: comparing before/after, bounding it, and the words it reads as. */
describe('audit entries as people read them', () => {
  it('compares before and after field by field, in after’s order, with fields only one side has', () => {
    expect(
      changeLines({ role: 'analyst', status: 'active', gone: 1 }, { role: 'department', status: 'active' }),
    ).toEqual([
      { field: 'role', before: 'analyst', after: 'department', changed: true, inBefore: true, inAfter: true },
      { field: 'status', before: 'active', after: 'active', changed: false, inBefore: true, inAfter: true },
      { field: 'gone', before: 1, after: undefined, changed: true, inBefore: true, inAfter: false },
    ])
    // A creation: every field is news.
    expect(changeLines(null, { rows: 3 })).toEqual([
      { field: 'rows', before: undefined, after: 3, changed: true, inBefore: false, inAfter: true },
    ])
    expect(changeLines(null, null)).toEqual([])
    // A plain value stands as one field.
    expect(changeLines(1, 2)[0]).toMatchObject({ field: 'value', before: 1, after: 2, changed: true })
  })

  it('stores a change as bounded JSON with secrets hidden', () => {
    expect(changeText(undefined)).toBeNull()
    expect(changeText({ role: 'admin', password_hash: 'scrypt$x', nested: { apiToken: 't' } })).toBe(
      '{"role":"admin","password_hash":"（已隐藏）","nested":{"apiToken":"（已隐藏）"}}',
    )
    expect(changeText({ at: new Date('2024-01-02T03:04:05Z'), n: Number.NaN, big: 10n })).toBe(
      '{"at":"2024-01-02T03:04:05.000Z","n":"NaN","big":"10"}',
    )
    const huge = changeText(
      Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`k${i}`, '"'.repeat(1900)])),
    )!
    expect(Buffer.byteLength(huge)).toBeLessThanOrEqual(CHANGE_MAX_BYTES)
    expect(JSON.parse(huge)).toMatchObject({ __truncated: true })
  })

  it('reads values, details and objects in Chinese words, never as codes or JSON', () => {
    expect(formatChangeValue('role', 'evaluator', CHANGE_WORDS)).toBe('考核评估')
    expect(formatChangeValue('status', 'published', CHANGE_WORDS)).toBe('已发布')
    expect(formatChangeValue('points', 1.5, CHANGE_WORDS)).toBe('+1.5')
    expect(formatChangeValue('partners', ['甲局', '乙局'], CHANGE_WORDS)).toBe('甲局、乙局')
    expect(formatChangeValue('partners', [], CHANGE_WORDS)).toBe('（空）')
    expect(formatChangeValue('ok', false, CHANGE_WORDS)).toBe('否')
    expect(detailText('score_adjusted', '-2 迟报数据')).toBe('调整分：-2；原因：迟报数据')
    expect(detailText('password_reset', 'generated')).toBe('系统生成一次性密码')
    expect(detailText('alerts_run', '3 sent, 1 failed')).toBe('已发送 3 条，失败 1 条')
    expect(detailText('alert_rule_created', 'load_failed 加载失败提醒')).toBe('加载失败提醒')
    expect(detailText('ranking_frozen', '公示 7 天，至 2024-03-08T02:00:00.000Z')).toBe(
      '公示 7 天，至 2024-03-08 10:00',
    )
    expect(detailText('task_checkin_filed', '{"checkin":4,"percent":80,"evidence":[7,8]}')).toBe(
      '完成进度：80%；证明材料数：2',
    )
    expect(detailText('baseline_recorded', '{"value":0.5,"note":"统计年鉴"}')).toBe(
      '数值：0.5；说明：统计年鉴',
    )
    const ctx = { plans: loadPlans(), names: new Map([['zhang', '张三']]) }
    expect(targetLabel('user_updated', 'zhang', ctx)).toBe('张三（zhang）')
    expect(targetLabel('score_adjusted', 'department:2024-Q2:114403', ctx)).toBe(
      '部门考核 · 2024年第2季度 · 114403',
    )
    expect(targetLabel('task_assigned', 'fyp14:data_census', ctx)).toMatch(/（data_census）$/)
    expect(targetLabel('appeal_filed', 'appeal:12', ctx)).toBe('申诉 #12')
    expect(targetLabel('targets_uploaded', '目标.xlsx', ctx)).toBe('目标.xlsx')
  })
})
