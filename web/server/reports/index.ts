/** Report documents for issue 6: pure functions from data to XLSX/PDF bytes. */
export type { StampKind } from './format'
export { briefingPdf, rankingPdf, reportCardPdf } from './pdf'
export { DEFAULT_FONTS, type PdfFont, type PdfFonts, ReportFontError } from './pdf-fonts'
export type { ReportPdfOptions } from './pdf-layout'
export type * from './types'
export { rankingXlsx, reportCardXlsx } from './xlsx'
