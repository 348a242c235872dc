import ts from 'typescript'

/** Where a four-digit year is written in code (not in a comment). */
export interface YearLiteral {
  line: number
  text: string
}

/** A number written like a year: 1900–2099, no separators (limits are written 2_000). */
const YEAR_NUMBER = /^(19|20)\d\d$/
/** A year inside text: four digits 19xx/20xx not part of a longer number. */
const YEAR_IN_TEXT = /(?<![\d.])(19|20)\d\d(?!\d)/

/**
 * The year literals of one TypeScript/TSX source: numeric literals that read as a year, and
 * years inside strings, templates and JSX text. Comments are not code and are skipped.
 */
export function yearLiterals(fileName: string, text: string): YearLiteral[] {
  const kind = fileName.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, kind)
  const found: YearLiteral[] = []
  const add = (node: ts.Node, raw: string) =>
    found.push({ line: source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1, text: raw })
  const visit = (node: ts.Node) => {
    if (ts.isNumericLiteral(node)) {
      if (YEAR_NUMBER.test(node.getText(source))) add(node, node.getText(source))
    } else if (
      ts.isStringLiteral(node) ||
      ts.isNoSubstitutionTemplateLiteral(node) ||
      ts.isTemplateHead(node) ||
      ts.isTemplateMiddle(node) ||
      ts.isTemplateTail(node) ||
      ts.isJsxText(node)
    ) {
      if (YEAR_IN_TEXT.test(node.text)) add(node, node.getText(source).trim().slice(0, 80))
    }
    ts.forEachChild(node, visit)
  }
  visit(source)
  return found
}
