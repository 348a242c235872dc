/**
 * A small, linear XML scanner for the parts of an XLSX the cells reader needs
 * (sheet, shared strings, styles, workbook, relationships). Names lose their namespace
 * prefix (`x:row` → `row`, `r:id` → `id`); comments and processing instructions are
 * skipped; a DOCTYPE (entity definitions) is refused. Not a validator. Text comes raw
 * (`encoded`: entities still in it), so a reader decodes only the text it keeps;
 * attribute values longer than MAX_ATTR_CHARS are left undecoded (none that matters is).
 */

export type XmlEvent =
  | { kind: 'open'; name: string; attrs: Record<string, string>; empty: boolean }
  | { kind: 'close'; name: string }
  | { kind: 'text'; text: string; encoded: boolean }

export class XmlError extends Error {}

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" }
const MAX_ATTR_CHARS = 4096

export function decodeEntities(s: string): string {
  if (!s.includes('&')) return s
  if (!s.includes('&#')) {
    // The common case, several times faster than a replacer function; &amp; last.
    return s
      .replaceAll('&lt;', '<')
      .replaceAll('&gt;', '>')
      .replaceAll('&quot;', '"')
      .replaceAll('&apos;', "'")
      .replaceAll('&amp;', '&')
  }
  return s.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-z]+);/g, (whole, e: string) => {
    if (e[0] !== '#') return ENTITIES[e] ?? whole
    const code = e[1] === 'x' ? Number.parseInt(e.slice(2), 16) : Number.parseInt(e.slice(1), 10)
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : ''
  })
}

const local = (name: string) => name.slice(name.indexOf(':') + 1)
const ATTR = /([^\s=/>]+)\s*=\s*("([^"]*)"|'([^']*)')/g

/** Where the tag opened at `from` ends (its '>'), skipping quoted attribute values. */
function tagEnd(xml: string, from: number): number {
  let quote = ''
  for (let i = from; i < xml.length; i++) {
    const ch = xml[i]
    if (quote) {
      if (ch === quote) quote = ''
    } else if (ch === '"' || ch === "'") quote = ch
    else if (ch === '>') return i
  }
  throw new XmlError('unterminated tag')
}

function skipPast(xml: string, from: number, end: string): number {
  const at = xml.indexOf(end, from)
  if (at < 0) throw new XmlError(`unterminated ${end}`)
  return at + end.length
}

export function* scanXml(xml: string): Generator<XmlEvent> {
  let i = 0
  while (i < xml.length) {
    const lt = xml.indexOf('<', i)
    const textEnd = lt < 0 ? xml.length : lt
    if (textEnd > i) yield { kind: 'text', text: xml.slice(i, textEnd), encoded: true }
    if (lt < 0) return
    if (xml.startsWith('<!--', lt)) i = skipPast(xml, lt + 4, '-->')
    else if (xml.startsWith('<?', lt)) i = skipPast(xml, lt + 2, '?>')
    else if (xml.startsWith('<![CDATA[', lt)) {
      i = skipPast(xml, lt + 9, ']]>')
      yield { kind: 'text', text: xml.slice(lt + 9, i - 3), encoded: false }
    } else if (xml[lt + 1] === '!') throw new XmlError('DOCTYPE and other declarations are not accepted')
    else if (xml[lt + 1] === '/') {
      const gt = tagEnd(xml, lt)
      yield { kind: 'close', name: local(xml.slice(lt + 2, gt).trim()) }
      i = gt + 1
    } else {
      const gt = tagEnd(xml, lt)
      const empty = xml[gt - 1] === '/'
      const body = xml.slice(lt + 1, empty ? gt - 1 : gt)
      const nameEnd = body.search(/[\s/]|$/)
      const attrs: Record<string, string> = {}
      for (const m of body.slice(nameEnd).matchAll(ATTR)) {
        const raw = m[3] ?? m[4] ?? ''
        attrs[local(m[1]!)] = raw.length > MAX_ATTR_CHARS ? raw : decodeEntities(raw)
      }
      yield { kind: 'open', name: local(body.slice(0, nameEnd)), attrs, empty }
      i = gt + 1
    }
  }
}

/** Calls `fn` for each event, letting other requests run every few thousand events. */
export async function eachXmlEvent(xml: string, fn: (ev: XmlEvent) => void): Promise<void> {
  let n = 0
  for (const ev of scanXml(xml)) {
    fn(ev)
    if (++n % 5000 === 0) await new Promise<void>((resolve) => setImmediate(resolve))
  }
}

/** Text as kept by a reader: at most `max` characters of raw text, then decoded. */
export function keptText(kept: string, ev: { text: string; encoded: boolean }, max: number): string {
  if (kept.length >= max) return kept
  const part = ev.text.length > max - kept.length ? ev.text.slice(0, max - kept.length) : ev.text
  return kept + (ev.encoded ? decodeEntities(part) : part)
}
