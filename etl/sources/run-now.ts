import { openWarehouse } from '../../warehouse/client'
import { WAREHOUSE_SETTINGS } from '../../warehouse/config'
import { readSettings } from '../../warehouse/env'
import { migrate } from '../../warehouse/migrate'
import { ETL_SETTINGS } from '../config'
import { loadSourcesConfig } from './config'
import { SourceScheduler } from './scheduler'

/** `npm run etl -- source <name>`: runs one configured source now, with its retries. */
export async function runSourceNow(name: string | undefined): Promise<number> {
  const config = readSettings({ warehouse: WAREHOUSE_SETTINGS, etl: ETL_SETTINGS })
  const file = config.etl.sourcesFile
  if (!file) {
    process.stderr.write('未配置数据源: 请设置 SOURCES_FILE (no sources file configured: set SOURCES_FILE)\n')
    return 2
  }
  const sources = loadSourcesConfig(file)
  if (!name || !sources.some((s) => s.name === name)) {
    process.stderr.write(
      `请指定数据源 (name a source): ${sources.map((s) => s.name).join(', ') || '(none)'}\n`,
    )
    return 2
  }
  const wh = openWarehouse(config.warehouse.warehouse)
  try {
    await migrate(wh)
    const summary = await new SourceScheduler(wh, sources).runNow(name)
    console.log(JSON.stringify(summary))
    return summary.ok ? 0 : 1
  } finally {
    await wh.close()
  }
}
