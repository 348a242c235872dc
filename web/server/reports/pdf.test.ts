import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { byUrgency } from '../tasks/tasks.service'
import { sampleTaskBoard } from './final-evaluation.fixtures'
import { sampleBriefing, sampleReport } from './fixtures'
import { formatScore } from './format'
import { briefingPdf, rankingPdf, reportCardPdf } from './pdf'

// Rendered pages land here (gitignored) so a person can look at them.
const ARTIFACTS = fileURLToPath(new URL('../../../test-artifacts/reports/', import.meta.url))
const tmp = mkdtempSync(path.join(tmpdir(), 'reports-'))
afterAll(() => rmSync(tmp, { recursive: true, force: true }))

let n = 0
function save(pdf: Buffer): string {
  const file = path.join(tmp, `${n++}.pdf`)
  writeFileSync(file, pdf)
  return file
}

/**
 * The text poppler extracts, i.e. what a reader can search and copy. -raw keeps the drawing
 * order; the default layout analysis drops the spaces in short CJK runs ("第1页/共1页").
 */
function text(pdf: Buffer, page?: number): string {
  const range = page ? ['-f', String(page), '-l', String(page)] : []
  return execFileSync('pdftotext', ['-raw', ...range, save(pdf), '-'], { encoding: 'utf8' })
}

const pageCount = (pdf: Buffer) =>
  Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [save(pdf)], { encoding: 'utf8' }))![1])

describe('rankingPdf', () => {
  const report = sampleReport(8)

  it('carries the title, period, stamp, Chinese unit names and scores as text', async () => {
    const pdf = await rankingPdf(report)
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-')
    const t = text(pdf)
    expect(t).toContain('2024年度部门数字政府建设考核排名')
    expect(t).toContain('2024年度')
    expect(t).toContain('已冻结')
    expect(t).toContain('冻结于 2025-01-10 09:30')
    for (const name of ['区政务服务数据管理局', '区公安分局', '区人力资源和社会保障局'])
      expect(t).toContain(name)
    expect(t).toContain(formatScore(report.rows[0]!.total))
    // A total above 100 is printed with its base score and bonus beside it.
    expect(report.rows[0]!.total).toBeGreaterThan(100)
    expect(t).toMatch(
      new RegExp(
        `${formatScore(report.rows[0]!.total)}\\s+${formatScore(report.rows[0]!.base)}\\s+\\+5\\.01`,
      ),
    )
    expect(t).toContain('第 1 页 / 共 1 页')
    expect(t).toContain('生成时间：2025-01-12 16:45')
    expect(t).toContain('注：无数据的指标不计分')
  })

  it('embeds a subset of the Chinese font', async () => {
    const fonts = execFileSync('pdffonts', [save(await rankingPdf(report))], { encoding: 'utf8' })
    expect(fonts).toMatch(/\+NotoSansSC-Regular\s.*\byes\s+yes\s+yes\b/)
    expect(fonts).toMatch(/\+NotoSansSC-Bold\s/)
    expect(fonts).not.toMatch(/Helvetica/)
  })

  it('shows the published stamp once the ranking is published', async () => {
    const t = text(await rankingPdf({ ...report, published_at: '2025-01-15 09:00:00' }))
    expect(t).toContain('已发布')
    expect(t).toContain('发布于 2025-01-15 09:00')
    const provisional = text(await rankingPdf({ ...report, frozen_at: null }))
    expect(provisional).toContain('未冻结')
  })

  it('breaks 60 rows over pages, repeating the header and numbering "第 N 页 / 共 M 页"', async () => {
    const big = sampleReport(60)
    const pdf = await rankingPdf(big)
    const pages = pageCount(pdf)
    expect(pages).toBeGreaterThanOrEqual(2)
    const all: string[] = []
    for (let p = 1; p <= pages; p++) {
      const t = text(pdf, p)
      all.push(t)
      expect(t).toContain(`第 ${p} 页 / 共 ${pages} 页`)
      expect(t).toContain('单位名称')
      if (p > 1) expect(t).toContain('2024年度部门数字政府建设考核排名 · 2024年度')
    }
    const joined = all.join('\n')
    for (const r of big.rows) expect(joined).toContain(r.unit_code)
    // Each unit is printed once: no row is lost or duplicated at a page break.
    expect(joined.match(/1144030600\d\d/g)).toHaveLength(60)

    mkdirSync(ARTIFACTS, { recursive: true })
    const file = save(pdf)
    execFileSync('pdftoppm', [
      '-png',
      '-r',
      '60',
      '-f',
      '1',
      '-l',
      '1',
      file,
      path.join(ARTIFACTS, 'ranking'),
    ])
    const png = path.join(ARTIFACTS, pages >= 10 ? 'ranking-01.png' : 'ranking-1.png')
    expect(statSync(png).size).toBeGreaterThan(5_000)
  })

  it('renders an empty ranking without failing', async () => {
    const t = text(await rankingPdf({ ...report, rows: [] }))
    expect(t).toContain('共 0 个')
  })
})

describe('reportCardPdf', () => {
  const report = sampleReport(8)
  const unit = report.rows.find((r) => r.adjustments)!

  it("prints one unit's card with contributions, adjustments and total", async () => {
    const pdf = await reportCardPdf(report, unit.unit_code)
    const t = text(pdf)
    expect(t).toContain(`${unit.unit_name} 考核成绩单`)
    expect(t).toContain(report.title)
    expect(t).toContain('政务服务事项网上可办率')
    expect(t).toContain(formatScore(unit.parts[0]!.score))
    expect(t).toContain('无数据')
    expect(t).toContain('不计分')
    expect(t).toContain(formatScore(unit.total))
    expect(t).toContain('基础分（各指标得分之和）')
    expect(t).toContain('满分(百分制)')
    expect(t).toContain(`${unit.rank} / 8`)
    expect(t).toContain('12345热线工单超期未办结，经核实扣分')
    expect(t).toContain('2025-01-09 10:30')
    expect(t).toContain('第 1 页 / 共 1 页')
    mkdirSync(ARTIFACTS, { recursive: true })
    execFileSync('pdftoppm', [
      '-png',
      '-r',
      '60',
      '-f',
      '1',
      '-l',
      '1',
      save(pdf),
      path.join(ARTIFACTS, 'card'),
    ])
  })

  it('fails clearly for a unit not in the ranking', async () => {
    await expect(reportCardPdf(report, '999')).rejects.toThrow(/unit 999 is not in the ranking/)
  })
})

describe('briefingPdf', () => {
  it('lists off-track indicators, lagging units and the whole scorecard by area', async () => {
    const b = sampleBriefing()
    const pdf = await briefingPdf(b)
    const t = text(pdf)
    expect(t).toContain(b.title)
    expect(t).toContain('数据截至 2024-12-31')
    expect(t).toContain('需关注的指标')
    expect(t).toContain('政务服务事项全程网办率')
    expect(t).toContain('沙头街道')
    expect(t).toContain('差 24.0个百分点')
    for (const s of ['已达标', '符合序时进度', '有风险', '落后']) expect(t).toContain(s)
    expect(t).toContain('电子证照与电子印章')
    // An ISO instant (UTC) in the footer is shown in Shanghai time.
    expect(t).toContain('生成时间：2025-01-12 16:45')
    mkdirSync(ARTIFACTS, { recursive: true })
    execFileSync('pdftoppm', [
      '-png',
      '-r',
      '60',
      '-f',
      '1',
      '-l',
      '1',
      save(pdf),
      path.join(ARTIFACTS, 'briefing'),
    ])
  })

  it('keeps area bands and page numbers right over several pages', async () => {
    const b = sampleBriefing()
    const many = Array.from({ length: 90 }, (_, i) => ({
      ...b.indicators[i % b.indicators.length]!,
      id: `ind_${i}`,
      name_zh: `测试指标${i + 1}`,
      area_zh: `领域${Math.floor(i / 12) + 1}`,
    }))
    const pdf = await briefingPdf({ ...b, indicators: many })
    const pages = pageCount(pdf)
    expect(pages).toBeGreaterThanOrEqual(2)
    const all = Array.from({ length: pages }, (_, p) => text(pdf, p + 1))
    for (const [p, t] of all.entries()) expect(t).toContain(`第 ${p + 1} 页 / 共 ${pages} 页`)
    for (let i = 1; i <= 90; i++) expect(all.join('\n')).toMatch(new RegExp(`测试指标${i}\\s`))
    expect(all.join('\n')).toContain('领域8')
    // 12 rows a group: some page starts inside a group and names it again.
    expect(all.slice(1).some((t) => /领域\d+（续）/.test(t))).toBe(true)
  })

  it('adds the plan tasks: counts by status, overdue and at-risk ones by urgency, accepted completions', async () => {
    const b = sampleBriefing()
    const t = text(await briefingPdf(b))
    expect(t).toContain('规划任务')
    expect(t).toContain(`共 ${b.tasks.total} 项任务，状态截至 2024-03-01`)
    // The counts in TASK_STATUSES order, overdue first, each with its label.
    const labels = b.tasks.counts.map((c) => c.label)
    expect(labels).toEqual(['逾期', '有风险', '进行中', '未开始', '逾期完成', '按期完成'])
    // Each box: the count, then its label.
    expect(t).toContain(b.tasks.counts.map((c) => `${c.count}\n${c.label}`).join('\n'))
    expect(t).toContain('逾期和有风险的任务（按紧急程度）')
    expect(t).toContain('任务 牵头部门 截止日期 已完成 状态')
    const first = b.tasks.attention[0]!
    expect(first.status).toBe('overdue')
    expect(t).toMatch(new RegExp(`${first.title_zh}\\s+${first.lead}\\s+${first.deadline}\\s+0%\\s+逾期`))
    expect(t).toContain('待分配')
    const more = b.tasks.attention_total - b.tasks.attention.length
    expect(more).toBeGreaterThan(0)
    expect(t).toContain(`另有 ${more} 项逾期或有风险的任务未列出`)
    // Only the most urgent are listed: the next one on the board is not.
    const next = sampleTaskBoard('2024-03-01')
      .filter((x) => x.status === 'overdue' || x.status === 'at_risk')
      .sort(byUrgency)[b.tasks.attention.length]!
    expect(t).not.toContain(next.title_zh)
    expect(t).toContain('最近完成的任务（经审核确认）')
    expect(t).toMatch(
      /建立政企合作、管运分离的管理模式\s+区政务服务数据管理局\s+2021-12-31\s+2022-03-01\s+逾期完成/,
    )
    expect(t).toMatch(/2025-12-31\s+2021-06-01\s+按期完成/)
  })

  it('says so when no task is overdue, at risk or completed, and when the plan lists none', async () => {
    const b = sampleBriefing()
    const quiet = { ...b.tasks, attention: [], attention_total: 0, completed: [], completed_total: 0 }
    const t = text(await briefingPdf({ ...b, tasks: quiet }))
    expect(t).toContain('没有逾期或有风险的任务。')
    expect(t).toContain('尚无经审核确认完成的任务。')
    const none = text(await briefingPdf({ ...b, tasks: { ...quiet, total: 0, counts: [] } }))
    expect(none).toContain('本规划未列任务。')
  })

  it('says so when nothing is off track', async () => {
    const b = { ...sampleBriefing(), off_track: [], lagging_units: [] }
    const t = text(await briefingPdf(b))
    expect(t).toContain('全部指标均已达标或符合序时进度')
    expect(t).toContain('没有落后的部门或镇（街道）')
  })
})
