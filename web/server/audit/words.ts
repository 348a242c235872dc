import {
  type AUDIT_VALUES,
  type AuditAction,
  type AuditField,
  type ChangeWords,
  isAuditAction,
  isAuditField,
} from '../../shared/audit'
import type { Role } from '../auth/roles'

/**
 * The audit log in Chinese words for the server's own output (the XLSX export); the page
 * has the same words in its dictionaries (web/client/src/i18n/audit.zh.ts, checked equal by
 * audit.router.test.ts).
 */
export const ACTION_WORDS: Record<AuditAction, string> = {
  sign_in: '登录',
  sign_in_failed: '登录失败',
  sign_out: '退出登录',
  password_changed: '修改本人密码',
  user_created: '新建账号',
  user_updated: '修改账号',
  user_disabled: '停用账号',
  user_enabled: '启用账号',
  password_reset: '重置密码',
  demo_accounts_created: '创建演示账号',
  source_run: '手动运行数据源',
  source_run_finished: '数据源运行结束',
  score_adjusted: '调整得分',
  ranking_frozen: '冻结排名',
  ranking_unfrozen: '解冻排名',
  ranking_published: '发布排名',
  ranking_withdraw_requested: '申请撤回发布',
  ranking_withdrawn: '撤回发布',
  ranking_publish_requested: '申请发布排名',
  appeal_drafted: '起草申诉',
  appeal_edited: '修改申诉草稿',
  appeal_discarded: '删除申诉草稿',
  appeal_filed: '提交申诉',
  appeal_accepted: '申诉复核通过',
  appeal_rejected: '申诉复核驳回',
  appeal_evidence_uploaded: '上传申诉材料',
  indicator_note_added: '填写指标说明',
  indicator_note_deleted: '删除指标说明',
  indicator_note_selected: '指标说明选入报告',
  indicator_note_unselected: '指标说明取消选入报告',
  targets_uploaded: '上传目标值',
  targets_restored: '恢复目标值版本',
  baseline_recorded: '录入基线',
  baseline_cleared: '清除基线',
  task_checkin_filed: '填报任务进展',
  task_checkin_accepted: '审核通过任务进展',
  task_checkin_returned: '退回任务进展',
  task_evidence_uploaded: '上传证明材料',
  task_assigned: '分配任务',
  task_added_local: '新增本地任务',
  alert_rule_created: '新建提醒规则',
  alert_rule_enabled: '启用提醒规则',
  alert_rule_disabled: '停用提醒规则',
  alert_rule_deleted: '删除提醒规则',
  alerts_run: '立即运行提醒',
  demo_subscriptions_seeded: '创建演示订阅',
}

/** An action the allow-list does not name yet (written by newer code): never its code. */
export const OTHER_ACTION = '其他操作'

export const FIELD_WORDS: Record<AuditField, string> = {
  display_name: '姓名',
  role: '角色',
  dept_code: '所属部门',
  status: '状态',
  points: '调整分',
  reason: '原因',
  rows: '行数',
  units: '考核对象数',
  indicators: '指标数',
  years: '年度',
  version: '目标值版本',
  overrides: '生效目标值条数',
  rows_added: '新增',
  rows_changed: '修改',
  rows_removed: '删除',
  restored_from: '恢复自版本',
  file_name: '文件名',
  state: '审核状态',
  percent: '完成进度',
  note: '说明',
  evidence: '证明材料数',
  lead: '牵头部门',
  partners: '配合部门',
  title: '任务名称',
  deadline: '截止日期',
  value: '数值',
  loaded: '加载行数',
  skipped: '跳过原因',
  error: '错误',
  ok: '是否成功',
  subject_kind: '申诉事项',
  subject_ref: '申诉对象',
  adjustment_id: '调整记录编号',
  publish_requested_by: '发布申请人',
  requested_by: '申请人',
  approved_by: '批准人',
  indicator_id: '指标',
  scope: '范围',
  period: '时期',
  kind: '类别',
  selected: '选入报告',
}

/** A field not in AUDIT_FIELDS (written by newer code). */
export const OTHER_FIELD = '其他'

type ValueWords = { [F in keyof typeof AUDIT_VALUES]: Record<(typeof AUDIT_VALUES)[F][number], string> }

export const VALUE_WORDS: ValueWords = {
  status: {
    active: '启用',
    disabled: '已停用',
    live: '实时（未冻结）',
    frozen: '已冻结',
    unfrozen: '已解冻',
    published: '已发布',
    withdrawn: '已撤回',
    draft: '草稿',
    filed: '已提交',
    accepted: '已采纳',
    rejected: '已驳回',
  },
  subject_kind: { indicator: '指标得分', adjustment: '调整分' },
  kind: { explanation: '说明', cause: '原因', measure: '措施' },
  state: { pending: '待审核', accepted: '已通过', returned: '已退回' },
  skipped: { running: '正在运行', elsewhere: '其他实例正在运行' },
}

export const ROLE_WORDS: Record<Role, string> = {
  leader: '领导',
  evaluator: '考核评估',
  analyst: '数据分析',
  department: '部门',
  admin: '管理员',
}

export const actionWords = (code: string) => (isAuditAction(code) ? ACTION_WORDS[code] : OTHER_ACTION)
export const fieldWords = (code: string) => (isAuditField(code) ? FIELD_WORDS[code] : OTHER_FIELD)

/** Change values in Chinese words; departments by name where `departments` knows the code. */
export function changeWords(departments: ReadonlyMap<string, string> = new Map()): ChangeWords {
  return {
    empty: '（空）',
    yes: '是',
    no: '否',
    listSep: '、',
    code: (field, value) => {
      if (field === 'role') return (ROLE_WORDS as Record<string, string>)[value]
      if (field === 'dept_code') return departments.get(value)
      const words = (VALUE_WORDS as Record<string, Record<string, string> | undefined>)[field]
      return words?.[value]
    },
  }
}

export const CHANGE_WORDS = changeWords()
