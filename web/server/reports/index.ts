/** Report documents for issue 6: pure functions from data to XLSX/PDF bytes. */
export {
  type FinalEvaluationReport,
  finalEvaluationContent,
  VERDICT_LABEL,
  verdictText,
} from './final-evaluation.content'
export { finalEvaluationDocx } from './final-evaluation.docx'
export { finalEvaluationPdf } from './final-evaluation.pdf'
export type { StampKind } from './format'
export { briefingPdf, rankingPdf, reportCardPdf } from './pdf'
export { DEFAULT_FONTS, type PdfFont, type PdfFonts, ReportFontError } from './pdf-fonts'
export type { ReportPdfOptions } from './pdf-layout'
export type * from './types'
export { rankingXlsx, reportCardXlsx } from './xlsx'
