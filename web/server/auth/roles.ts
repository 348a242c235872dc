export const ROLES = ['leader', 'evaluator', 'analyst', 'department', 'admin'] as const
export type Role = (typeof ROLES)[number]

export const ROLE_LABELS: Record<Role, string> = {
  leader: '领导',
  evaluator: '考核评估',
  analyst: '数据分析',
  department: '部门',
  admin: '管理员',
}
