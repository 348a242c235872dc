import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { sampleBriefing, sampleReport } from './fixtures'
import { briefingPdf, rankingPdf } from './pdf'
import {
  DEBIAN_FONTS,
  DEFAULT_FONTS,
  NPM_FONT_PACKAGE,
  npmFonts,
  ReportFontError,
  resolveDefaultFonts,
} from './pdf-fonts'

const tmp = mkdtempSync(path.join(tmpdir(), 'pdf-fonts-'))
afterAll(() => rmSync(tmp, { recursive: true, force: true }))
let n = 0
function save(pdf: Buffer): string {
  const file = path.join(tmp, `${n++}.pdf`)
  writeFileSync(file, pdf)
  return file
}

const debianInstalled = existsSync(DEBIAN_FONTS.regular.path) && existsSync(DEBIAN_FONTS.bold.path)

describe('the npm font (no system font)', () => {
  const npm = npmFonts()

  it('is installed by npm and is the default', () => {
    expect(npm).toBeDefined()
    for (const f of [npm!.regular, npm!.bold]) {
      expect(f.path).toContain(path.join('node_modules', NPM_FONT_PACKAGE))
      expect(existsSync(f.path)).toBe(true)
    }
    expect(DEFAULT_FONTS).toEqual(npm)
    expect(DEFAULT_FONTS.regular.path).not.toContain('/usr/share/fonts')
  })

  it('embeds a small subset of Noto Sans SC, and the Chinese text reads back', async () => {
    const pdf = await rankingPdf(sampleReport(8), { fonts: npm! })
    // a TrueType font program, subset: the whole face is 10 MB, the report well under 1 MB
    expect(pdf.includes('/FontFile2')).toBe(true)
    expect(pdf.length).toBeLessThan(1024 * 1024)
    const file = save(pdf)
    const fonts = execFileSync('pdffonts', [file], { encoding: 'utf8' })
    expect(fonts).toMatch(/[A-Z]{6}\+NotoSansSC-Regular\s.*\byes\s+yes\s+yes\b/)
    expect(fonts).toMatch(/[A-Z]{6}\+NotoSansSC-Bold\s/)
    expect(fonts).not.toMatch(/NotoSansCJK|Helvetica/)
    const text = execFileSync('pdftotext', ['-raw', file, '-'], { encoding: 'utf8' })
    expect(text).toContain('2024年度部门数字政府建设考核排名')
    expect(text).toContain('区政务服务数据管理局')
  })

  it('renders the briefing too', async () => {
    const pdf = await briefingPdf(sampleBriefing(), { fonts: npm! })
    expect(pdf.length).toBeLessThan(1024 * 1024)
    const text = execFileSync('pdftotext', ['-raw', save(pdf), '-'], { encoding: 'utf8' })
    expect(text).toMatch(/[\u4e00-\u9fff]{4}/)
  })
})

describe('resolving the default', () => {
  it('falls back to Debian fonts-noto-cjk when the npm package is missing, else names the npm files', () => {
    const gone = npmFonts('/nonexistent/noto-sans-sc')!
    const chosen = resolveDefaultFonts(gone)
    expect(chosen).toEqual(debianInstalled ? DEBIAN_FONTS : gone)
    expect(resolveDefaultFonts(undefined)).toEqual(DEBIAN_FONTS)
  })
})

describe('font failures', () => {
  it('names the missing file and both ways to install a font', async () => {
    const missing = { path: '/nonexistent/NotoSansSC_400Regular.ttf' }
    const run = rankingPdf(sampleReport(2), { fonts: { ...DEFAULT_FONTS, regular: missing } })
    await expect(run).rejects.toThrow(ReportFontError)
    await expect(run).rejects.toThrow(
      /Chinese font for PDF reports not found: \/nonexistent\/NotoSansSC_400Regular\.ttf — run `npm install` \(it installs the npm package @expo-google-fonts\/noto-sans-sc\), or install the Debian package fonts-noto-cjk/,
    )
  })

  it('reports a file that is not a font', async () => {
    const junk = path.join(tmp, 'junk.ttf')
    writeFileSync(junk, 'not a font')
    const run = briefingPdf(sampleBriefing(), { fonts: { ...DEFAULT_FONTS, bold: { path: junk } } })
    await expect(run).rejects.toThrow(ReportFontError)
    await expect(run).rejects.toThrow(/cannot load the Chinese font .*junk\.ttf: /)
  })

  it.skipIf(!debianInstalled)('reports a face missing from a Debian collection', async () => {
    const bad = { path: DEBIAN_FONTS.bold.path, face: 'NoSuchFace-Bold' }
    const run = briefingPdf(sampleBriefing(), { fonts: { ...DEBIAN_FONTS, bold: bad } })
    await expect(run).rejects.toThrow(
      /cannot load the Chinese font .*NotoSansCJK-Bold\.ttc \(face NoSuchFace-Bold\)/,
    )
  })

  it.skipIf(!debianInstalled)('still renders with the optional Debian font', async () => {
    const pdf = await rankingPdf(sampleReport(2), { fonts: DEBIAN_FONTS })
    const fonts = execFileSync('pdffonts', [save(pdf)], { encoding: 'utf8' })
    expect(fonts).toMatch(/\+NotoSansCJKsc-Regular\s/)
  })
})
