import { parseArgs } from 'node:util'
import { openWarehouse, type Warehouse } from '../warehouse/client'
import { ConfigError, loadWarehouseConfig } from '../warehouse/config'
import { migrate } from '../warehouse/migrate'
import { DATASETS } from './contract/datasets'
import { loadFile } from './load/load'
import { recoverInterruptedRuns } from './load/recover'
import { listQuarantine, listRuns } from './load/runs'

const USAGE = `用法 (usage):
  npm run etl -- load <dataset> <file...> [--json]   加载文件 (load files)
  npm run etl -- runs [--dataset <name>] [--limit N] [--json]
  npm run etl -- quarantine [--run <id>] [--dataset <name>] [--limit N] [--json]
  npm run etl -- datasets                             数据集列表 (list datasets)
  npm run etl -- source <name>                        立即运行一个数据源 (run a configured source now)
datasets: ${DATASETS.map((d) => d.name).join(', ')}`

const err = (msg: string) => process.stderr.write(`${msg}\n`)

async function withWarehouse<T>(fn: (wh: Warehouse) => Promise<T>): Promise<T> {
  const config = loadWarehouseConfig()
  const wh = openWarehouse(config.warehouse)
  try {
    await migrate(wh)
    return await fn(wh)
  } finally {
    await wh.close()
  }
}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      json: { type: 'boolean', default: false },
      run: { type: 'string' },
      dataset: { type: 'string' },
      limit: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  })
  const [command, ...rest] = positionals
  const limit = values.limit ? Number(values.limit) : undefined
  if (values.help || !command) {
    err(USAGE)
    return command || values.help ? 0 : 2
  }
  switch (command) {
    case 'datasets':
      for (const d of DATASETS) console.log(`${d.name}\t${d.label}\tkey: ${d.key.join(' + ')}`)
      return 0
    case 'load': {
      const [dataset, ...files] = rest
      if (!dataset || files.length === 0) {
        err(USAGE)
        return 2
      }
      return withWarehouse(async (wh) => {
        const recovered = await recoverInterruptedRuns(wh)
        if (recovered) err(`recovered ${recovered} interrupted run(s)`)
        let failed = 0
        for (const file of files) {
          const r = await loadFile(wh, { dataset, file, source: 'cli', onProgress: (m) => err(m) })
          if (r.status === 'failed') failed++
          if (values.json) {
            const { runId, accepted, rejected, ignoredColumns } = r
            console.log(
              JSON.stringify({
                dataset,
                file: r.file,
                accepted,
                rejected,
                ignoredColumns,
                runId,
                status: r.status,
                ...(r.error ? { error: r.error } : {}),
              }),
            )
          } else if (r.status === 'failed') {
            err(`✗ ${r.file}: ${r.error}`)
          } else {
            console.log(
              `✓ ${r.file}: 接收 ${r.accepted} 行, 隔离 ${r.rejected} 行 (accepted ${r.accepted}, rejected ${r.rejected}) in ${r.seconds.toFixed(1)} s` +
                (r.ignoredColumns.length
                  ? `; 忽略列 (ignored columns): ${r.ignoredColumns.join(', ')}`
                  : '') +
                `  run ${r.runId}`,
            )
          }
        }
        return failed ? 1 : 0
      })
    }
    case 'runs':
      return withWarehouse(async (wh) => {
        const runs = await listRuns(wh, {
          ...(values.dataset ? { dataset: values.dataset } : {}),
          ...(limit ? { limit } : {}),
        })
        if (values.json) console.log(JSON.stringify(runs))
        else
          for (const r of runs)
            console.log(
              [
                r.started_at,
                r.status,
                r.dataset,
                `+${r.accepted}`,
                `!${r.rejected}`,
                r.source,
                r.file,
                r.run_id,
                r.error ?? '',
              ].join('\t'),
            )
        return 0
      })
    case 'quarantine':
      return withWarehouse(async (wh) => {
        const rows = await listQuarantine(wh, {
          ...(values.run ? { runId: values.run } : {}),
          ...(values.dataset ? { dataset: values.dataset } : {}),
          ...(limit ? { limit } : {}),
        })
        if (values.json) console.log(JSON.stringify(rows))
        else for (const q of rows) console.log(`${q.dataset}\trow ${q.row_number}\t${q.reason}\t${q.raw_row}`)
        return 0
      })
    case 'source': {
      const { runSourceNow } = await import('./sources/run-now')
      return runSourceNow(rest[0])
    }
    default:
      err(`未知命令 '${command}' (unknown command)\n${USAGE}`)
      return 2
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code
  },
  (e) => {
    err(e instanceof ConfigError ? e.message : `错误 (error): ${(e as Error).message}`)
    process.exitCode = 2
  },
)
