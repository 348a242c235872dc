import type http from 'node:http'
import { isIP } from 'node:net'
import type { WebConfig } from '../config'

/**
 * The address a request came from, for throttling and the audit log.
 *
 * Without TRUSTED_PROXY_HEADER: the socket's peer. With it (e.g. `x-forwarded-for` behind
 * nginx): the right-most address in that header, i.e. the one our trusted proxy appended for
 * the peer it saw. Entries further left were sent by the client and can be forged, so they
 * are never used. A missing or malformed header falls back to the socket's peer.
 */
export function clientAddress(
  req: http.IncomingMessage,
  config: Pick<WebConfig, 'trustedProxyHeader'>,
): string {
  const socket = normalizeAddress(req.socket.remoteAddress ?? '')
  const header = config.trustedProxyHeader
  if (!header) return socket
  const raw = req.headers[header]
  const value = Array.isArray(raw) ? raw.join(',') : raw
  if (!value) return socket
  const last = normalizeAddress(stripPort(value.split(',').at(-1)?.trim() ?? ''))
  return isIP(last) ? last : socket
}

/** `1.2.3.4:80` → `1.2.3.4`, `[::1]:80` → `::1`; anything else unchanged. */
function stripPort(s: string): string {
  const v6 = /^\[([^\]]+)\](?::\d+)?$/.exec(s)
  if (v6) return v6[1]!
  const v4 = /^(\d{1,3}(?:\.\d{1,3}){3}):\d+$/.exec(s)
  return v4 ? v4[1]! : s
}

/** Lower case, IPv4-mapped IPv6 (`::ffff:1.2.3.4`) as plain IPv4. */
export function normalizeAddress(ip: string): string {
  const s = ip.trim().toLowerCase()
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/.exec(s)
  return mapped ? mapped[1]! : s
}

/**
 * The throttling unit for an address: IPv4 as is, IPv6 by its /64 network (one customer's
 * subnet, where a client can pick any address at will).
 */
export function throttleAddress(ip: string): string {
  const s = normalizeAddress(ip)
  if (isIP(s) !== 6) return s || 'unknown'
  const [head = '', tail = ''] = s.split('%')[0]!.split('::')
  const left = head ? head.split(':') : []
  const right = s.includes('::') ? (tail ? tail.split(':') : []) : []
  const groups = s.includes('::')
    ? [...left, ...Array(8 - left.length - right.length).fill('0'), ...right]
    : left
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`
}
