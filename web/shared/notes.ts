/** Notes on indicators (动态与说明): limits and kinds shared by the server's checks and the client's form. */

/** 说明 / 原因 / 措施: what a note says about the figures. */
export const NOTE_KINDS = ['explanation', 'cause', 'measure'] as const
export type NoteKind = (typeof NOTE_KINDS)[number]

/** 全区 / 部门 / 镇（街道）: whose figures a note speaks of. */
export const NOTE_SCOPE_KINDS = ['district', 'department', 'town'] as const
export type NoteScopeKind = (typeof NOTE_SCOPE_KINDS)[number]

/** Longest note, in characters. */
export const NOTE_BODY_MAX = 1_000
/** Notes one indicator may carry for one scope and year (the page lists them all). */
export const NOTES_PER_SCOPE_MAX = 200
