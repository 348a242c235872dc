import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { LOCALLY_SET, VERDICT_LABEL } from './final-evaluation.content'
import { finalEvaluationDocx } from './final-evaluation.docx'
import { SAMPLE_TASKS, sampleFinalEvaluation } from './final-evaluation.fixtures'
import { finalEvaluationPdf } from './final-evaluation.pdf'
import { TASK_TALLY_LABEL, TASKS_HEADING, TASKS_NONE } from './final-evaluation.tasks'
import { documentXml, docxParagraphs, docxParts, docxTables } from './final-evaluation.testing'
import { formatGap, formatValue } from './format'

// The documents land here (gitignored) so a person can open them.
const ARTIFACTS = fileURLToPath(new URL('../../../test-artifacts/reports/', import.meta.url))
const tmp = mkdtempSync(path.join(tmpdir(), 'final-evaluation-'))
afterAll(() => rmSync(tmp, { recursive: true, force: true }))

const report = sampleFinalEvaluation()
/** The indicators in the order of the document's sections: by area, then catalog order. */
const inSections = report.summary.by_area.flatMap((a) => report.indicators.filter((i) => i.area === a.area))

describe('final evaluation fixture', () => {
  it('covers every case the documents print', () => {
    const verdicts = new Set(report.indicators.map((i) => i.verdict))
    expect([...verdicts].sort()).toEqual(['met', 'missed', 'no_data', 'no_target'])
    expect(report.indicators.some((i) => i.target.locally_set)).toBe(true)
    expect(report.indicators.some((i) => i.coverage.current_state)).toBe(true)
    expect(report.indicators.some((i) => i.coverage.missing_years.length > 0)).toBe(true)
    expect(report.indicators.some((i) => i.units.some((u) => u.units_with_data === 0))).toBe(true)
    // Tasks completed on time, late, not at all (one part done), and a locally agreed one.
    const { tasks } = report
    expect(tasks.done_on_time).toBe(1)
    expect(tasks.done_late).toBe(1)
    expect(tasks.open.find((t) => t.id === SAMPLE_TASKS.underway)?.progress).toBe(60)
    expect(tasks.open.find((t) => t.id === SAMPLE_TASKS.local)?.source).toBeNull()
  })
})

describe('finalEvaluationDocx', () => {
  let docx: Buffer
  let xml: string
  beforeAll(async () => {
    docx = await finalEvaluationDocx(report)
    xml = documentXml(docx)
    mkdirSync(ARTIFACTS, { recursive: true })
    writeFileSync(path.join(ARTIFACTS, 'final-evaluation.docx'), docx)
  })

  it('is a Word document: A4 portrait, Chinese fonts set for body and headings in the styles', () => {
    expect(docx.subarray(0, 2).toString('latin1')).toBe('PK')
    expect(xml).toMatch(/<w:pgSz w:w="11906" w:h="16838"/)
    const styles = docxParts(docx).get('word/styles.xml')!
    const defaults = /<w:docDefaults>[\s\S]*?<\/w:docDefaults>/.exec(styles)![0]
    expect(defaults).toMatch(/<w:rFonts[^>]*w:ascii="SimSun"[^>]*w:eastAsia="SimSun"/)
    for (const id of ['Title', 'Heading1', 'Heading2', 'Heading3']) {
      const style = new RegExp(`<w:style [^>]*w:styleId="${id}"[^>]*>[\\s\\S]*?</w:style>`).exec(styles)
      expect(style?.[0], id).toMatch(/<w:rFonts[^>]*w:ascii="SimHei"[^>]*w:eastAsia="SimHei"/)
    }
  })

  it('opens with the plan, its issuer, period and the generation date', () => {
    const paras = docxParagraphs(xml)
    expect(paras).toContain(`${report.plan.name_zh}终期评估报告`)
    expect(paras).toContain(`发文机关：${report.plan.issuer_zh}`)
    expect(paras).toContain('规划期：2021–2025年（基期 2020年）')
    expect(paras).toContain('生成日期：2026-11-30')
  })

  it('lists every indicator with its verdict in the summary table and heads a section for each', () => {
    const tables = docxTables(xml)
    const summary = tables.find(
      (t) => t[0]!.cells.join('|') === '指标|领域|规划期末目标|2025年期末值|评估结论|差距',
    )
    expect(summary).toBeDefined()
    expect(summary!.slice(1).map((r) => r.cells[0])).toEqual(report.indicators.map((i) => i.name_zh))
    for (const [k, ind] of report.indicators.entries()) {
      const row = summary![k + 1]!.cells
      expect(row[2], ind.id).toBe(formatValue(ind.target.value, ind.unit))
      expect(row[3], ind.id).toBe(formatValue(ind.final_value, ind.unit))
      expect(row[4], ind.id).toBe(VERDICT_LABEL[ind.verdict])
      expect(row[5], ind.id).toBe(formatGap(ind.gap, ind.unit, ind.direction))
    }
    const paras = docxParagraphs(xml)
    // Sections follow the areas, numbered through; each indicator's heading carries its verdict.
    const headings = paras.filter((p) => /^\d+\. /.test(p))
    expect(headings).toEqual(
      inSections.map((ind, k) => `${k + 1}. ${ind.name_zh}（${VERDICT_LABEL[ind.verdict]}）`),
    )
    const s = report.summary
    expect(paras).toContain(
      `规划共设 ${s.total} 项指标，其中 ${s.with_target} 项有规划期末目标：达成 ${s.met} 项，未达成 ${s.missed} 项，无数据 ${s.no_data} 项；另有 ${s.no_target} 项无规划期末目标。`,
    )
    const byArea = tables.find((t) => t[0]!.cells[0] === '领域')!
    expect(byArea.slice(1).map((r) => r.cells[0])).toEqual([...s.by_area.map((a) => a.area_zh), '合计'])
    expect(byArea.at(-1)!.cells.slice(1)).toEqual(
      [s.total, s.met, s.missed, s.no_data, s.no_target].map(String),
    )
  })

  it('repeats every table header row on each page (w:tblHeader)', () => {
    const tables = docxTables(xml)
    // Summary tables, one trajectory per indicator, the unit tables.
    expect(tables.length).toBeGreaterThan(report.indicators.length + 3)
    for (const t of tables) {
      expect(t[0]!.header).toBe(true)
      expect(t.slice(1).some((r) => r.header)).toBe(false)
    }
  })

  it('cites each clause by document title, says which targets are local, traces the years and notes the coverage', () => {
    const text = docxParagraphs(xml).join('\n')
    for (const ind of report.indicators) {
      if (ind.target.locally_set) continue
      for (const c of ind.target.clauses) expect(text).toContain(`《${c.title}》：“${c.quote}”`)
    }
    expect(text).toContain(`规划依据：${LOCALLY_SET}`)
    const trajectories = docxTables(xml).filter((t) => t[0]!.cells.join('|') === '年份|目标|实际')
    expect(trajectories).toHaveLength(report.indicators.length)
    inSections.forEach((ind, k) => {
      expect(trajectories[k]!.slice(1).map((r) => r.cells)).toEqual(
        ind.trajectory.map((p) => [
          p.year === 2020 ? '2020（基期）' : String(p.year),
          formatValue(p.target, ind.unit),
          formatValue(p.actual, ind.unit),
        ]),
      )
    })
    expect(text).toContain('规划期内无数据的年份：2022年')
    for (const ind of report.indicators)
      expect(text, ind.id).toContain(
        `期末值：${formatValue(ind.final_value, ind.unit)}（${ind.coverage.current_state ? '当前状态数据' : '2025年'}）`,
      )
    expect(text).toContain('当前状态数据：该指标无逐年记录')
    expect(text).toContain('数据截至 2025-12-31')
    expect(text).toContain('无分镇（街道）数据。')
    expect(text).not.toMatch(/undefined|NaN|null|\[object/)
  })

  it('reports the plan tasks: totals, completion rate, by area, each task left with its clause, those completed', () => {
    const { tasks } = report
    const paras = docxParagraphs(xml)
    const at = paras.indexOf(`三、${TASKS_HEADING}`)
    expect(at).toBeGreaterThan(0)
    const rate = `${((2 / tasks.total) * 100).toFixed(1)}%`
    expect(paras[at + 1]).toBe(
      `规划共列 ${tasks.total} 项任务（含本地任务 1 项）：按期完成 1 项，逾期完成 1 项，未完成（逾期） ${tasks.total - 2} 项；完成率 ${rate}。`,
    )
    const tables = docxTables(xml)
    const figures = tables.find((t) => t[0]!.cells.join('|') === '按期完成|逾期完成|未完成（逾期）|完成率')!
    expect(figures[1]!.cells).toEqual(['1', '1', String(tasks.total - 2), rate])
    const byArea = tables.find((t) => t[0]!.cells[1] === '任务数')!
    expect(byArea[0]!.cells).toEqual(['领域', '任务数', ...Object.values(TASK_TALLY_LABEL), '完成率'])
    expect(byArea.slice(1).map((r) => r.cells[0])).toEqual([...tasks.by_area.map((a) => a.area_zh), '合计'])
    expect(byArea.at(-1)!.cells).toEqual([
      '合计',
      String(tasks.total),
      '1',
      '1',
      String(tasks.total - 2),
      rate,
    ])

    // Every task not completed: numbered, its lead, deadline and status, and where it is written.
    expect(tasks.open).toHaveLength(tasks.total - 2)
    for (const [k, t] of tasks.open.entries()) {
      const i = paras.indexOf(`（${k + 1}）${t.title_zh}`)
      expect(i, t.id).toBeGreaterThan(at)
      expect(paras[i + 1], t.id).toMatch(
        new RegExp(`^领域：${t.area_zh}　牵头部门：${t.lead}　截止日期：${t.deadline}　状态：逾期`),
      )
      expect(paras[i + 2], t.id).toBe(
        t.source
          ? `出处：《${t.source.document}》：“${t.source.clause}”`
          : `依据：${t.basis}（本地任务，非规划原文）`,
      )
    }
    expect(paras.some((p) => p.includes('牵头部门：待分配'))).toBe(true)
    expect(paras.some((p) => p.endsWith('状态：逾期（已完成 60%）'))).toBe(true)
    expect(paras).toContain('依据：区数字政府建设领导小组第一次会议纪要（本地任务，非规划原文）')

    const done = tables.find((t) => t[0]!.cells.join('|') === '任务|牵头部门|截止日期|完成日期|完成情况')!
    expect(done.slice(1).map((r) => r.cells)).toEqual([
      [
        '开展政务数据资源普查，落实普查、编目、汇聚责任',
        '区政务服务数据管理局',
        '2025-12-31',
        '2021-06-01',
        '按期完成',
      ],
      ['建立政企合作、管运分离的管理模式', '区政务服务数据管理局', '2021-12-31', '2022-03-01', '逾期完成'],
    ])
  })

  it('says so when the plan lists no task', async () => {
    const none = { total: 0, done_on_time: 0, done_late: 0, not_done: 0, completion_rate: null, local: 0 }
    const docx = await finalEvaluationDocx({
      ...report,
      tasks: { ...none, by_area: [], open: [], completed: [] },
    })
    const text = docxParagraphs(documentXml(docx)).join('\n')
    expect(text).toContain(`三、${TASKS_HEADING}\n${TASKS_NONE}`)
  })

  it('names the best and worst units with their gaps', () => {
    const units = docxTables(xml).filter((t) => t[0]!.cells.join('|') === '排序|部门|期末值|目标|差距')
    expect(units.length).toBe(
      report.indicators.filter((i) => i.units.some((u) => u.unit_type === 'department')).length,
    )
    const first = inSections.find((i) => i.units.some((u) => u.unit_type === 'department'))!
    const dept = first.units.find((u) => u.unit_type === 'department')!
    expect(units[0]!.slice(1).map((r) => r.cells.slice(0, 2))).toEqual([
      ...dept.best.map((u, i) => [`最好 ${i + 1}`, u.name]),
      ...dept.worst.map((u, i) => [`最差 ${i + 1}`, u.name]),
    ])
    expect(units[0]![1]!.cells[4]).toBe(formatGap(dept.best[0]!.gap, first.unit, first.direction))
  })
})

describe('finalEvaluationPdf', () => {
  let text = ''
  let file = ''
  beforeAll(async () => {
    const pdf = await finalEvaluationPdf(report)
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-')
    file = path.join(tmp, 'final.pdf')
    writeFileSync(file, pdf)
    mkdirSync(ARTIFACTS, { recursive: true })
    writeFileSync(path.join(ARTIFACTS, 'final-evaluation.pdf'), pdf)
    text = execFileSync('pdftotext', ['-raw', file, '-'], { encoding: 'utf8' })
  })

  it('carries the same content: every indicator with its verdict, the summary, clauses and the tasks section', () => {
    expect(text).toContain(`${report.plan.name_zh}终期评估报告`)
    expect(text).toContain(`发文机关：${report.plan.issuer_zh}`)
    for (const ind of report.indicators) {
      expect(text, ind.id).toMatch(new RegExp(`\\d+\\. ${ind.name_zh}（${VERDICT_LABEL[ind.verdict]}）`))
      expect(text, ind.id).toContain(`评估结论：${VERDICT_LABEL[ind.verdict]}`)
    }
    const s = report.summary
    expect(text).toContain(`达成 ${s.met} 项，未达成 ${s.missed} 项`)
    expect(text).toContain(LOCALLY_SET)
    expect(text).toContain(`三、${TASKS_HEADING}`)
    expect(text).toContain('按期完成 逾期完成 未完成（逾期） 完成率')
    expect(text).toContain('未完成的任务')
    // Each task left cites its clause, at the start of a line (after a form feed on a new page).
    const cited = report.tasks.open.filter((t) => t.source).length
    expect(text.match(/^\f?出处：《/gm)?.length).toBe(cited)
    expect(text).toMatch(
      /建立政企合作、管运分离的管理模式\s+区政务服务数据管理局\s+2021-12-31\s+2022-03-01\s+逾期完成/,
    )
    expect(text).toMatch(/第 1 页 \/ 共 \d+ 页/)
    expect(text).not.toMatch(/undefined|NaN|null|\[object/)
  })

  it('embeds the Chinese font and runs over several pages with the table headers repeated', () => {
    const fonts = execFileSync('pdffonts', [file], { encoding: 'utf8' })
    expect(fonts).toMatch(/\+NotoSansSC-Regular\s/)
    expect(fonts).not.toMatch(/Helvetica/)
    const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))![1])
    expect(pages).toBeGreaterThan(3)
    // Every trajectory table starts with its header row.
    expect(text.match(/年份 目标 实际/g)?.length ?? 0).toBeGreaterThanOrEqual(report.indicators.length)
  })
})
