export const ROLES = ['leader', 'evaluator', 'analyst', 'department', 'admin'] as const
export type Role = (typeof ROLES)[number]
