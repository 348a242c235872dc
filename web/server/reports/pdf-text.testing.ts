import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

/** The text a reader can search in a PDF (poppler's pdftotext, drawing order), whitespace removed. */
export function pdfTextCompact(pdf: Buffer): string {
  const file = path.join(os.tmpdir(), `pdf-text-${process.pid}-${Date.now()}-${Math.random()}.pdf`)
  fs.writeFileSync(file, pdf)
  try {
    return execFileSync('pdftotext', ['-raw', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, '')
  } finally {
    fs.rmSync(file, { force: true })
  }
}
