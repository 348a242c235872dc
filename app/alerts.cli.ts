import { setLogLevel } from '../warehouse/log'
import { type DeliveryLine, type RunSummary, runAlerts } from '../web/server/alerts/run'
import { withAppDeps } from './cli-deps'
import { readArgs, runCli, UsageError } from './cli-run'
import { loadConfig } from './config'

const USAGE = `用法 (usage):
  npm run alerts -- run [--now] [--json]
    对每条启用的提醒规则和每项订阅评估一次，发送尚未发送的消息（已发送的跳过）。
    --now：本期（本周/本月）的定期推送立即到期，不等每期首日 8:00
    (evaluate every rule and subscription once; --now makes this period's scheduled reports due at once)`

function options(argv: string[]) {
  const { values, positionals } = readArgs(argv, { now: { type: 'boolean' }, json: { type: 'boolean' } })
  if (positionals[0] !== 'run' || positionals.length !== 1)
    throw new UsageError('请指定命令：run (which command?)')
  return { force: values.now === true, json: values.json === true }
}

const show = (l: DeliveryLine) =>
  `${l.channel_zh} → ${l.recipient}：${l.subject}${l.error ? `（${l.error}）` : ''}`

function print(summary: RunSummary): void {
  for (const l of summary.sent) console.log(`✓ 已发送 ${show(l)}`)
  for (const l of summary.failed) console.log(`✗ ${l.status_zh} ${show(l)}`)
  for (const e of summary.errors) console.log(`✗ 无法评估 ${e}`)
  if (summary.interrupted) console.log(`! ${summary.interrupted} 条发送中断，状态未确认（见发送记录）`)
  console.log(
    `发送 ${summary.sent.length} 条，已发送过而跳过 ${summary.skipped} 条，失败 ${summary.failed.length} 条 ` +
      `(sent ${summary.sent.length}, skipped as already sent ${summary.skipped}, failed ${summary.failed.length})`,
  )
}

/** `npm run alerts -- run [--now] [--json]`: one alert run, what was sent, skipped or failed. */
async function main(argv: string[]): Promise<number> {
  const args = options(argv)
  const config = loadConfig()
  setLogLevel(config.logLevel)
  const summary = await withAppDeps(config, (deps) => runAlerts(deps, { force: args.force }))
  if (args.json) console.log(JSON.stringify(summary, null, 2))
  else print(summary)
  return summary.failed.length || summary.errors.length ? 1 : 0
}

runCli(main, USAGE)
