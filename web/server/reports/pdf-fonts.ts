import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'

/**
 * The Chinese font the PDFs embed. The standard PDF fonts have no CJK glyphs, so reports
 * embed Noto Sans SC from the npm package @expo-google-fonts/noto-sans-sc (a dependency:
 * `npm install` brings it, no system package needed). pdfkit subsets it, so a report carries
 * only the glyphs it uses (~100 KB, not the 10 MB file). Where that package is missing, the
 * Debian package fonts-noto-cjk serves instead; with neither, a report fails naming both.
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

export const NPM_FONT_PACKAGE = '@expo-google-fonts/noto-sans-sc'

/** The package's directory, or undefined when it is not installed. */
function npmFontDir(): string | undefined {
  try {
    const require = createRequire(import.meta.url)
    return path.dirname(require.resolve(`${NPM_FONT_PACKAGE}/package.json`))
  } catch {
    return undefined
  }
}

/** Noto Sans SC static TrueType faces (PostScript NotoSansSC-Regular / -Bold) from npm. */
export function npmFonts(dir: string | undefined = npmFontDir()): PdfFonts | undefined {
  if (!dir) return undefined
  return {
    regular: { path: path.join(dir, '400Regular', 'NotoSansSC_400Regular.ttf') },
    bold: { path: path.join(dir, '700Bold', 'NotoSansSC_700Bold.ttf') },
  }
}

const NOTO_DIR = '/usr/share/fonts/opentype/noto'

/** Noto Sans CJK, Simplified Chinese faces, where Debian's fonts-noto-cjk installs them (optional). */
export const DEBIAN_FONTS: PdfFonts = {
  regular: { path: `${NOTO_DIR}/NotoSansCJK-Regular.ttc`, face: 'NotoSansCJKsc-Regular' },
  bold: { path: `${NOTO_DIR}/NotoSansCJK-Bold.ttc`, face: 'NotoSansCJKsc-Bold' },
}

const present = (f: PdfFonts) => existsSync(f.regular.path) && existsSync(f.bold.path)

/**
 * The fonts reports use unless told otherwise: the npm package's when installed, else
 * Debian's when installed, else the npm package's paths (so the failure names them).
 */
export function resolveDefaultFonts(npm: PdfFonts | undefined): PdfFonts {
  if (npm && present(npm)) return npm
  if (present(DEBIAN_FONTS)) return DEBIAN_FONTS
  return npm ?? DEBIAN_FONTS
}

export const DEFAULT_FONTS: PdfFonts = resolveDefaultFonts(npmFonts())

export class ReportFontError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = 'ReportFontError'
  }
}

const INSTALL_HINT = `run \`npm install\` (it installs the npm package ${NPM_FONT_PACKAGE}), or install the Debian package fonts-noto-cjk`

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
