import { createHash } from 'node:crypto'
import { AppError } from '../errors/app-error'
import { rejectFile, type ZipLimits } from './zip-guard'
import { unzipXlsxBytes } from './zip-guard-bytes'

/**
 * Checks an evidence file a department attaches to a plan-task check-in (PDF, PNG, JPEG,
 * WebP, XLSX) before it is stored: its type by its content alone (magic numbers, never the
 * name or the declared type), an XLSX through the zip guard, and a safe name to offer on
 * download. Pure: nothing is written, the caller stores the body with the result.
 */
export interface EvidenceLimits {
  maxBytes: number
  /** Code points of the stored name, extension included. */
  maxNameChars: number
}

export const EVIDENCE_LIMITS = { maxBytes: 10 * 1024 * 1024, maxNameChars: 120 } as const

const MiB = 2 ** 20

/**
 * The zip guard's bounds for an evidence workbook (its file size is `maxBytes`): images
 * and sheets of a 10 MB upload inflate to well under this; memory stays within the total.
 */
export const EVIDENCE_ZIP_LIMITS: ZipLimits = {
  maxEntryBytes: 40 * MiB,
  maxTotalBytes: 40 * MiB,
  maxRatio: 200,
  ratioFloorBytes: 1 * MiB,
  maxEntries: 1_000,
}

export type EvidenceKind = 'pdf' | 'png' | 'jpeg' | 'webp' | 'xlsx'

export interface CheckedEvidence {
  kind: EvidenceKind
  /** The type served on download, from the sniffed kind, never from the client. */
  contentType: string
  /** The given name's base, cleaned, cut to maxNameChars, with the kind's extension. */
  fileName: string
  bytes: number
  /** Lowercase hex. */
  sha256: string
}

const KINDS: Record<EvidenceKind, { contentType: string; extensions: readonly string[] }> = {
  pdf: { contentType: 'application/pdf', extensions: ['pdf'] },
  png: { contentType: 'image/png', extensions: ['png'] },
  jpeg: { contentType: 'image/jpeg', extensions: ['jpg', 'jpeg'] },
  webp: { contentType: 'image/webp', extensions: ['webp'] },
  xlsx: {
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    extensions: ['xlsx'],
  },
}

const ACCEPTED_ZH = '支持的类型：PDF、PNG、JPEG、WebP 图片、Excel（.xlsx）'
const ACCEPTED_EN = 'accepted: PDF, PNG, JPEG, WebP images, Excel (.xlsx)'

export function checkEvidence(
  body: Uint8Array,
  givenName: string,
  limits: EvidenceLimits = EVIDENCE_LIMITS,
): CheckedEvidence {
  if (body.length === 0) rejectFile('文件为空，请重新选择文件', 'the file is empty')
  if (body.length > limits.maxBytes) {
    const limit = `${megabytes(limits.maxBytes)} MB`
    throw new AppError(
      'PAYLOAD_TOO_LARGE',
      `文件过大（${megabytes(body.length, Math.ceil)} MB，上限 ${limit}），请压缩或拆分后上传 (the file is larger than the ${limit} limit)`,
    )
  }
  const buf = Buffer.from(body.buffer, body.byteOffset, body.byteLength)
  const kind = sniff(buf)
  if (kind === 'pdf') checkPdfEnd(buf)
  if (kind === 'xlsx') checkWorkbook(buf, limits)
  return {
    kind,
    contentType: KINDS[kind].contentType,
    fileName: evidenceFileName(givenName, kind, limits.maxNameChars),
    bytes: buf.length,
    sha256: createHash('sha256').update(buf).digest('hex'),
  }
}

/** MB with one decimal at most; the file's size rounds up, so it never reads as the limit. */
const megabytes = (bytes: number, round = Math.round) => String(round((bytes / MiB) * 10) / 10)

const PNG = Buffer.from('89504e470d0a1a0a', 'hex')
const ZIP = Buffer.from('504b0304', 'hex')
const EMPTY_ZIP = Buffer.from('504b0506', 'hex')
const OLE = Buffer.from('d0cf11e0a1b11ae1', 'hex')

function sniff(buf: Buffer): EvidenceKind {
  const at = (offset: number, magic: Buffer | string) => {
    const m = typeof magic === 'string' ? Buffer.from(magic, 'latin1') : magic
    return buf.length >= offset + m.length && buf.subarray(offset, offset + m.length).equals(m)
  }
  if (at(0, '%PDF-')) return 'pdf'
  if (at(0, PNG)) return 'png'
  if (at(0, '\xff\xd8\xff')) return 'jpeg'
  if (at(0, 'RIFF') && at(8, 'WEBP')) return 'webp'
  if (at(0, ZIP)) return 'xlsx' // only if checkWorkbook agrees
  if (at(0, OLE)) {
    rejectFile(
      `这是旧版 Office 文件（.xls、.doc 等），请另存为 .xlsx 或 PDF 后上传。${ACCEPTED_ZH}`,
      `a legacy Office file (.xls, .doc); save it as .xlsx or PDF; ${ACCEPTED_EN}`,
    )
  }
  if (isMarkupOrScript(buf)) {
    rejectFile(
      `网页、SVG 或脚本文件不能作为证明材料，请导出为 PDF 或图片后上传。${ACCEPTED_ZH}`,
      `HTML, SVG or script content is not accepted; export it as PDF or an image; ${ACCEPTED_EN}`,
    )
  }
  return rejectFile(`不支持的文件类型。${ACCEPTED_ZH}`, `unsupported file type; ${ACCEPTED_EN}`)
}

/** Text that starts (after a byte-order mark and blanks) with a tag or a `#!` line: HTML, SVG, XML, scripts. */
function isMarkupOrScript(buf: Buffer): boolean {
  const start = headText(buf.subarray(0, 1024)).replace(/^\s+/, '')
  return start.startsWith('<') || start.startsWith('#!')
}

function headText(head: Buffer): string {
  if (head[0] === 0xff && head[1] === 0xfe) return head.subarray(2).toString('utf16le')
  if (head[0] === 0xfe && head[1] === 0xff) {
    return Buffer.from(head.subarray(2, head.length - (head.length % 2)))
      .swap16()
      .toString('utf16le')
  }
  return head.toString('utf8')
}

/** A PDF ends with `%%EOF` (readers allow trailing bytes; 2 KB is generous): without it the upload was cut. */
function checkPdfEnd(buf: Buffer): void {
  if (!buf.subarray(Math.max(0, buf.length - 2048)).includes('%%EOF')) {
    rejectFile(
      'PDF 文件不完整（缺少文件结尾，可能在下载或上传时被截断），请重新导出后上传',
      'the PDF is incomplete: no %%EOF near its end (truncated?)',
    )
  }
}

const SHEET_MAIN = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml'

/** A ZIP is evidence only as a macro-free workbook that passes the zip guard and holds no archive inside. */
function checkWorkbook(buf: Buffer, limits: EvidenceLimits): void {
  const entries = unzipXlsxBytes(buf, { ...EVIDENCE_ZIP_LIMITS, maxFileBytes: limits.maxBytes })
  const byName = new Map([...entries].map(([name, data]) => [name.toLowerCase(), data]))
  const types = byName.get('[content_types].xml')
  if (!types || !byName.has('xl/workbook.xml') || !types.includes(SHEET_MAIN)) {
    rejectFile(
      `这是 ZIP 压缩包或 Word 等其他文档，不是 Excel（.xlsx）工作簿。${ACCEPTED_ZH}`,
      `a ZIP archive or another Office document, not an .xlsx workbook; ${ACCEPTED_EN}`,
    )
  }
  for (const [name, data] of entries) {
    if (name.toLowerCase().endsWith('vbaproject.bin')) {
      rejectFile(
        '工作簿包含宏，请另存为不含宏的 .xlsx 后上传',
        'the workbook contains macros; save it as .xlsx',
      )
    }
    if (data.subarray(0, 4).equals(ZIP) || data.subarray(0, 4).equals(EMPTY_ZIP)) {
      rejectFile(
        `工作簿内嵌了压缩包或 Office 文档（${name.slice(0, 100)}），请删除嵌入对象后上传`,
        'the workbook embeds an archive or an Office document (a nested ZIP); remove it',
      )
    }
  }
}

const DEFAULT_STEM = '证明材料'

/**
 * The name to store and offer: the base of `givenName` (after the last `/` or `\`), NFC,
 * without control, format (bidi overrides, zero-width) or separator characters, Windows'
 * reserved characters as `_`, blanks collapsed, no leading or trailing dots and blanks,
 * its extension replaced by the kind's (`.jpeg` kept for a JPEG), cut to `maxChars` code
 * points; an empty stem becomes 证明材料.
 */
export function evidenceFileName(givenName: string, kind: EvidenceKind, maxChars: number): string {
  const base = givenName.normalize('NFC').split(/[/\\]/).pop() ?? ''
  const clean = base
    .replace(/[\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}]/gu, '')
    .replace(/[:*?"<>|]/g, '_')
    .replace(/\p{Zs}+/gu, ' ')
  const trimEnd = (s: string) => s.replace(/[\s.]+$/, '')
  const trim = (s: string) => trimEnd(s).replace(/^[\s.]+/, '')
  const named = trimEnd(clean)
  const match = /\.([A-Za-z0-9]{1,10})$/.exec(named)
  const given = match?.[1]?.toLowerCase()
  const extensions = KINDS[kind].extensions
  const ext = `.${given && extensions.includes(given) ? given : extensions[0]}`
  let stem = trim(match ? named.slice(0, match.index) : named)
  const room = Math.max(0, maxChars - ext.length)
  if (Array.from(stem).length > room) stem = trim(Array.from(stem).slice(0, room).join(''))
  return `${stem || DEFAULT_STEM}${ext}`
}
