import { formatChangeValue } from '../../shared/audit'
import { shanghaiMinute } from '../reports/format'
import { CHANGE_WORDS, fieldWords, ROLE_WORDS } from './words'

/**
 * An entry's detail as people read it. Callers have written it in several shapes over time
 * (an address, a role code, "12 rows", JSON); each known shape reads as Chinese words, and
 * anything else is shown as written. Ids (check-in, evidence) are left out: the object names
 * the record.
 */

const parsed = (detail: string): Record<string, unknown> | undefined => {
  if (!detail.startsWith('{')) return undefined
  try {
    const v = JSON.parse(detail) as unknown
    return typeof v === 'object' && v !== null && !Array.isArray(v)
      ? (v as Record<string, unknown>)
      : undefined
  } catch {
    return undefined
  }
}

/** `key：value；…` for the keys given, in that order, skipping empty ones. */
function pairs(o: Record<string, unknown>, keys: readonly string[]): string {
  return keys
    .filter((k) => o[k] !== undefined && o[k] !== null && o[k] !== '')
    .map((k) => `${fieldWords(k)}：${formatChangeValue(k, o[k], CHANGE_WORDS)}`)
    .join('；')
}

const count = (text: string, unit: string) => {
  const m = /^(\d+) (?:rows|accounts)$/.exec(text)
  return m ? `${m[1]} ${unit}` : undefined
}

function sizeText(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MB`
  return `${Math.max(1, Math.round(bytes / 1024))} KB`
}

function jsonDetail(action: string, o: Record<string, unknown>): string {
  switch (action) {
    case 'task_checkin_filed':
      return [
        pairs(o, ['percent']),
        Array.isArray(o.evidence) ? `${fieldWords('evidence')}：${o.evidence.length}` : '',
      ]
        .filter(Boolean)
        .join('；')
    case 'task_checkin_accepted':
    case 'task_checkin_returned':
      return pairs(o, ['percent', 'reason'])
    case 'task_evidence_uploaded':
    case 'appeal_evidence_uploaded':
      return [
        typeof o.file_name === 'string' ? o.file_name : '',
        typeof o.bytes === 'number' ? sizeText(o.bytes) : '',
      ]
        .filter(Boolean)
        .join('，')
    case 'task_assigned':
      return pairs(o, ['note'])
    case 'task_added_local':
      return pairs(o, ['title', 'deadline'])
    default:
      return pairs(o, Object.keys(o))
  }
}

/** Instants written as ISO text (UTC) read as Beijing time. */
const ISO_INSTANT = /\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?Z\b/g

export function detailText(action: string, detail: string): string {
  if (!detail) return ''
  const o = parsed(detail)
  if (o) return jsonDetail(action, o)
  return plainDetail(action, detail).replace(ISO_INSTANT, (iso) => shanghaiMinute(iso))
}

function plainDetail(action: string, detail: string): string {
  switch (action) {
    case 'sign_in':
    case 'sign_in_failed':
    case 'sign_out':
      return `IP ${detail}`
    case 'user_created':
    case 'user_updated':
      if (detail === 'first admin') return '首个管理员账号'
      return (ROLE_WORDS as Record<string, string>)[detail] ?? detail
    case 'password_reset':
      return detail === 'set' ? '管理员设定新密码' : detail === 'generated' ? '系统生成一次性密码' : detail
    case 'ranking_published':
      // Older entries named the requester here by account; the change lines name them both.
      return /^申请人 \S+$/.test(detail) ? '' : detail
    case 'targets_uploaded':
      return count(detail, '行') ?? detail
    case 'demo_accounts_created':
    case 'demo_subscriptions_seeded':
      return count(detail, '个账号') ?? detail
    case 'alerts_run': {
      const m = /^(\d+) sent, (\d+) failed$/.exec(detail)
      return m ? `已发送 ${m[1]} 条，失败 ${m[2]} 条` : detail
    }
    case 'alert_rule_created':
      // "<kind> <name>": the name is what people gave it.
      return detail.replace(/^[a-z_]+ /, '')
    case 'score_adjusted': {
      const m = /^(-?\d+(?:\.\d+)?) ([\s\S]*)$/.exec(detail)
      return m
        ? `${fieldWords('points')}：${formatChangeValue('points', Number(m[1]), CHANGE_WORDS)}；${fieldWords('reason')}：${m[2]}`
        : detail
    }
    default:
      return detail
  }
}
