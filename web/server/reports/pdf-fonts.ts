import { existsSync } from 'node:fs'

/**
 * The Chinese font the PDFs embed. The standard PDF fonts have no CJK glyphs, so reports
 * embed Noto Sans CJK from the Debian package fonts-noto-cjk (.ci/run installs it);
 * pdfkit subsets it, so a report carries only the glyphs it uses (~100 KB, not 20 MB).
 */

export interface PdfFont {
  /** a .ttf/.otf file, or a .ttc collection together with `face` */
  path: string
  /** PostScript name of the face inside a .ttc collection, e.g. NotoSansCJKsc-Regular */
  face?: string
}

export interface PdfFonts {
  regular: PdfFont
  bold: PdfFont
}

const NOTO_DIR = '/usr/share/fonts/opentype/noto'

/** Noto Sans CJK, Simplified Chinese faces, where fonts-noto-cjk installs them. */
export const DEFAULT_FONTS: PdfFonts = {
  regular: { path: `${NOTO_DIR}/NotoSansCJK-Regular.ttc`, face: 'NotoSansCJKsc-Regular' },
  bold: { path: `${NOTO_DIR}/NotoSansCJK-Bold.ttc`, face: 'NotoSansCJKsc-Bold' },
}

export class ReportFontError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = 'ReportFontError'
  }
}

const INSTALL_HINT = 'install the Debian package fonts-noto-cjk (apt-get install fonts-noto-cjk)'

/** Fails before any drawing, naming the file and the fix, instead of a fontkit stack trace. */
export function checkFonts(fonts: PdfFonts): void {
  for (const f of [fonts.regular, fonts.bold]) {
    if (!existsSync(f.path)) {
      throw new ReportFontError(
        `Chinese font for PDF reports not found: ${f.path} — ${INSTALL_HINT}, or pass another font file`,
      )
    }
  }
}

/** Registers the two faces as 'zh' and 'zh-bold' and loads them now, so a bad face name fails here. */
export function registerFonts(doc: PDFKit.PDFDocument, fonts: PdfFonts): void {
  checkFonts(fonts)
  for (const [name, f] of [
    ['zh-bold', fonts.bold],
    ['zh', fonts.regular],
  ] as const) {
    try {
      doc.registerFont(name, f.path, f.face)
      doc.font(name)
    } catch (err) {
      const face = f.face ? ` (face ${f.face})` : ''
      throw new ReportFontError(
        `cannot load the Chinese font ${f.path}${face}: ${(err as Error).message} — ${INSTALL_HINT}`,
        { cause: err },
      )
    }
  }
}
