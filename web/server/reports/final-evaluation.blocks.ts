/**
 * The building blocks of the 终期评估 report's content (final-evaluation.content.ts): what the
 * DOCX and the PDF builders know how to lay out.
 */

export type Tone = 'good' | 'bad' | 'muted'

export interface ContentCell {
  text: string
  tone?: Tone
  bold?: boolean
}

export interface ContentColumn {
  header: string
  /** Relative width. */
  width: number
  align?: 'left' | 'right' | 'center'
}

export type Block =
  | { kind: 'heading'; level: 1 | 2 | 3; text: string }
  /** A line, optionally led by a bold label ("规划期末目标：…"); `bold`: the whole line. */
  | { kind: 'text'; text: string; label?: string; tone?: Tone; bold?: boolean }
  /** A clause quoted from a plan document, cited as 《title》, optionally led by a label ("出处"). */
  | { kind: 'quote'; title: string; text: string; label?: string }
  | { kind: 'figures'; items: Array<{ label: string; value: string; tone?: Tone }> }
  /** `narrow`: a few short columns, laid out at half the text width. */
  | { kind: 'table'; columns: ContentColumn[]; rows: ContentCell[][]; narrow?: boolean }

export interface ReportContent {
  title: string
  /** Lines under the title: issuer, period, basis, generation date. */
  cover: string[]
  blocks: Block[]
}
