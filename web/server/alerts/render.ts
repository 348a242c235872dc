import type { OutgoingMessage } from './channels/message'
import type { AlertEvent } from './event'

/** One message from one or more events: email (text + HTML) and the robots' Markdown. */

const BRAND = '规划监测'
const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!)
/** Markdown robots render `*`, `_`, `[`, `]` … : shown as written. */
const escapeMd = (s: string) => s.replace(/([\\`*_[\]#>|])/g, '\\$1')

/** An in-app route made absolute with the public address, when one is configured. */
export const absoluteLink = (publicUrl: string | undefined, route: string) =>
  publicUrl ? `${publicUrl}/${route}` : undefined

export function renderMessage(
  events: readonly AlertEvent[],
  originName: string,
  opts: { key: string; publicUrl: string | undefined; attachments?: OutgoingMessage['attachments'] },
): OutgoingMessage {
  const single = events.length === 1 ? events[0]! : null
  const subject = single
    ? `【${BRAND}】${single.title}`
    : `【${BRAND}】${originName}：${events.length} 条新提醒`
  const link = absoluteLink(opts.publicUrl, single ? single.link : '#/notifications')
  const eventLink = (e: AlertEvent) => absoluteLink(opts.publicUrl, e.link)
  const text = [
    ...events.flatMap((e) => [
      `■ ${e.title}`,
      ...e.lines.map((l) => `  ${l}`),
      ...(eventLink(e) ? [`  ${eventLink(e)}`] : []),
    ]),
    '',
    `—— ${originName}（${BRAND}自动发送，请勿直接回复）`,
  ].join('\n')
  const html = [
    '<div style="font-family:sans-serif;font-size:14px;line-height:1.6">',
    ...events.map((e) => {
      const href = eventLink(e)
      const title = href ? `<a href="${escapeHtml(href)}">${escapeHtml(e.title)}</a>` : escapeHtml(e.title)
      return `<h3 style="margin:12px 0 4px">${title}</h3><ul style="margin:0">${e.lines.map((l) => `<li>${escapeHtml(l)}</li>`).join('')}</ul>`
    }),
    `<p style="color:#666;margin-top:16px">${escapeHtml(originName)}（${BRAND}自动发送，请勿直接回复）</p>`,
    '</div>',
  ].join('')
  const markdown = [
    `### ${escapeMd(subject)}`,
    ...events.flatMap((e) => [`**${escapeMd(e.title)}**`, ...e.lines.map((l) => `> ${escapeMd(l)}`), '']),
  ].join('\n')
  const facts: OutgoingMessage['facts'] = single
    ? { ...single.facts, origin: originName }
    : { origin: originName, count: events.length }
  return {
    subject,
    text,
    html,
    markdown,
    ...(link ? { link } : {}),
    attachments: opts.attachments ?? [],
    key: opts.key,
    facts,
  }
}
