import { decodeEntities } from '../../../files/xml-scan'
import { ZIP_LIMITS } from '../../../files/zip-guard'
import { unzipXlsxBytes } from '../../../files/zip-guard-bytes'

/**
 * Reading a DOCX back in tests, through the project's own zip guard (no extra dependency):
 * its parts, its paragraphs' text and its tables, row by row, with the repeated-header flag.
 */

export function docxParts(docx: Buffer): Map<string, string> {
  const parts = unzipXlsxBytes(docx, ZIP_LIMITS)
  return new Map([...parts].map(([name, bytes]) => [name, bytes.toString('utf8')]))
}

export const documentXml = (docx: Buffer): string => docxParts(docx).get('word/document.xml') ?? ''

const textOf = (xml: string) =>
  [...xml.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((m) => decodeEntities(m[1]!)).join('')

/** Every paragraph's text outside tables, in order. */
export function docxParagraphs(xml: string): string[] {
  const body = xml.replace(/<w:tbl>[\s\S]*?<\/w:tbl>/g, '')
  return [...body.matchAll(/<w:p[\s>][\s\S]*?<\/w:p>/g)].map((m) => textOf(m[0]))
}

export interface DocxRow {
  /** Marked to repeat at the top of each page (w:tblHeader). */
  header: boolean
  cells: string[]
}

/** Every table (none nested), its rows and their cells' text. */
export function docxTables(xml: string): DocxRow[][] {
  return [...xml.matchAll(/<w:tbl>[\s\S]*?<\/w:tbl>/g)].map((t) =>
    [...t[0].matchAll(/<w:tr[\s>][\s\S]*?<\/w:tr>/g)].map((r) => ({
      header: /<w:trPr>(?:(?!<\/w:trPr>)[\s\S])*<w:tblHeader\b/.test(r[0]),
      cells: [...r[0].matchAll(/<w:tc>[\s\S]*?<\/w:tc>/g)].map((c) => textOf(c[0])),
    })),
  )
}

/** All the text of the document (paragraphs and table cells), one line per paragraph. */
export function docxText(docx: Buffer): string {
  const xml = documentXml(docx)
  return [...xml.matchAll(/<w:p[\s>][\s\S]*?<\/w:p>/g)].map((m) => textOf(m[0])).join('\n')
}
