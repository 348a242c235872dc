import { shanghaiMinute } from '../../reports/format'
import type { AlertEvent, AlertRun } from '../event'

const DAY_MS = 86_400_000
/** Load runs older than this are history, not news. */
const RECENT_RUNS_DAYS = 7
const RUNS_LOOKED_AT = 200

/** The ETL's run log keeps zone-less UTC wall-clock times ("2026-11-22 04:16:16.598"). */
const instant = (ts: string) => new Date(/[zZ]$/.test(ts) ? ts : `${ts.replace(' ', 'T')}Z`)
const shown = (ts: string) => shanghaiMinute(instant(ts))

/** Datasets whose last successful load is more than `days` days old (or that never loaded). */
export async function staleEvents(run: AlertRun, days: number): Promise<AlertEvent[]> {
  const datasets = await run.deps.data.status()
  return datasets.flatMap((d) => {
    const last = d.last_success ? instant(d.last_success) : null
    const age = last ? Math.floor((run.now.getTime() - last.getTime()) / DAY_MS) : null
    if (age !== null && age <= days) return []
    return [
      {
        key: `${d.dataset}:${d.last_success ?? 'never'}:${days}`,
        title: age === null ? `数据集「${d.label}」尚未加载过数据` : `数据集「${d.label}」已 ${age} 天未更新`,
        lines: [
          `最近一次成功加载：${d.last_success ? shown(d.last_success) : '无'}`,
          ...(d.data_until ? [`数据最新日期：${d.data_until}`] : []),
          ...(d.last_error ? [`最近一次失败：${d.last_error}`] : []),
        ],
        link: '#/data',
        facts: { dataset: d.dataset, last_success: d.last_success, days_old: age },
      },
    ]
  })
}

/** Load runs of the last week that failed, or quarantined more than `rejected` rows. */
export async function loadFailureEvents(run: AlertRun, rejected: number): Promise<AlertEvent[]> {
  const since = run.now.getTime() - RECENT_RUNS_DAYS * DAY_MS
  const { rows } = await run.deps.data.runs({ limit: RUNS_LOOKED_AT, offset: 0 })
  const label = new Map(run.deps.data.datasets.map((d) => [d.name, d.label]))
  return rows
    .filter((r) => instant(r.started_at).getTime() >= since)
    .filter((r) => r.status === 'failed' || (r.status === 'succeeded' && r.rejected > rejected))
    .map((r) => ({
      key: `${r.run_id}`,
      title:
        r.status === 'failed'
          ? `数据加载失败：${label.get(r.dataset) ?? r.dataset}（${r.file || r.source}）`
          : `数据加载隔离 ${r.rejected} 行：${label.get(r.dataset) ?? r.dataset}（${r.file || r.source}）`,
      lines: [
        `开始时间：${shown(r.started_at)}`,
        `接收 ${r.accepted} 行，隔离 ${r.rejected} 行`,
        ...(r.error ? [`原因：${r.error}`] : []),
      ],
      link: '#/data',
      facts: { run_id: r.run_id, dataset: r.dataset, status: r.status, rejected: r.rejected },
    }))
}
