import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { openWarehouse } from '../../warehouse/client'
import { loadWarehouseConfig } from '../../warehouse/config'
import { generateDemoData } from './generate'

const USAGE = `usage: npm run demo-data -- [--scale N] [--out dir]
  --scale N   size: 1 ≈ 1M applications (default 1; fractions allowed)
  --out dir   output directory (default ./data/demo)`

function parseArgs(argv: readonly string[]): { scale: number; out: string } | { help: true } {
  let scale = 1
  let out = './data/demo'
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!
    const [flag, inline] = arg.includes('=')
      ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
      : [arg]
    const value = () => {
      const v = inline ?? argv[++i]
      if (v === undefined || v === '') throw new Error(`${flag} needs a value\n${USAGE}`)
      return v
    }
    if (flag === '--help' || flag === '-h') return { help: true }
    else if (flag === '--scale') {
      const raw = value()
      scale = Number(raw)
      if (!Number.isFinite(scale) || scale <= 0)
        throw new Error(`--scale must be a positive number, got ${raw}`)
    } else if (flag === '--out') out = value()
    else throw new Error(`unknown argument ${arg}\n${USAGE}`)
  }
  return { scale, out }
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2))
  if ('help' in args) {
    console.log(USAGE)
    return
  }
  // chDB binds one data directory per process: the CLI uses a throwaway one, so it
  // never touches the app's warehouse (and can run while the app is stopped or not).
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'scorecard-demo-'))
  const wh = openWarehouse(loadWarehouseConfig({ DATA_DIR: dataDir }).warehouse)
  const started = performance.now()
  try {
    const manifest = await generateDemoData({
      wh,
      outDir: args.out,
      scale: args.scale,
      onProgress: (p) =>
        process.stderr.write(
          `demo-data ${p.dataset.padEnd(21)} ${String(p.rows).padStart(10)} rows  ${p.seconds.toFixed(1).padStart(6)} s  ${p.file}\n`,
        ),
    })
    const total = manifest.files.reduce((s, f) => s + f.rows, 0)
    process.stderr.write(
      `demo-data done: ${total} rows in ${((performance.now() - started) / 1000).toFixed(1)} s → ${path.resolve(args.out)}\n`,
    )
  } finally {
    await wh.close()
    fs.rmSync(dataDir, { recursive: true, force: true })
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`demo-data failed: ${err instanceof Error ? err.message : String(err)}\n`)
  process.exitCode = 1
})
