import { createRequire } from 'node:module'
import { parseArgs } from 'node:util'
import { loadNative } from '@cubejs-backend/native'
import { ConfigError, loadWarehouseConfig } from '../../warehouse/config'
import { createCompilerApi, WarehouseClickHouseQuery } from '../engine/compiler'
import { createCubeDriver } from '../engine/driver'
import { DEFAULT_MODEL_DIR } from '../engine/engine'
import { cubeLogger } from '../engine/logger'
import { loadViewCatalog } from '../engine/meta'
import { configuredPlanRules } from '../engine/plan-rules'
import type { CubeQuery } from '../engine/query'
import { ModelRepository } from '../engine/repository'
import { referencedViews, restrictToDepartment, SecurityContext } from '../engine/security'
import { defaultCacheDir } from '../engine/transpile-cache'

/**
 * `npm run cube`: the same model, the same drivers and the same department rule served by
 * Cube's stock server (REST API, and the Postgres-wire SQL API for BI tools with
 * --pg-port). Those parts of Cube need @cubejs-backend/native, whose binary an offline
 * install lacks; without it this exits with a message instead. The app never needs it:
 * it uses the in-process engine (engine.ts).
 */

const USAGE = '用法 (usage): npm run cube -- [--port 4000] [--pg-port 15432]'

function nativeModuleError(): string | null {
  try {
    loadNative()
    return null
  } catch (err) {
    return err instanceof Error ? err.message : String(err)
  }
}

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string', default: '4000' },
      'pg-port': { type: 'string' },
      help: { type: 'boolean' },
    },
  })
  if (values.help) {
    console.log(USAGE)
    return 0
  }
  const missing = nativeModuleError()
  if (missing) {
    console.error(
      [
        'Cube 标准服务需要 @cubejs-backend/native 的二进制文件，本机（离线安装）没有，因此未启动。',
        '应用本身不需要它：语义层在进程内运行（semantic-layer/engine.ts）。',
        '在可联网的机器上安装 @cubejs-backend/native 后，npm run cube 会用同一套模型提供 REST 与 SQL API。',
        'The stock Cube server needs the @cubejs-backend/native binary, which this offline install lacks, so it was not started.',
        'The app does not need it: the semantic layer runs in-process (semantic-layer/engine/engine.ts).',
        `(${missing})`,
      ].join('\n'),
    )
    return 1
  }

  const { warehouse } = loadWarehouseConfig()
  // The plans' rules (plan.yml) the model's tokens stand for, as in the app.
  const planRules = configuredPlanRules()
  // The in-process compiler gives the view catalog the department rule needs.
  const catalog = await loadViewCatalog(
    createCompilerApi({
      modelDir: DEFAULT_MODEL_DIR,
      planRules,
      preAggregationsSchema: 'cube_pre_aggregations',
      logger: cubeLogger,
      cacheDir: defaultCacheDir(),
    }),
  )
  const require = createRequire(import.meta.url)
  const CubejsServerCore = require('@cubejs-backend/server-core')
  const express = require('express')
  const core = new CubejsServerCore({
    dbType: 'clickhouse',
    driverFactory: () => createCubeDriver(warehouse),
    dialectFactory: () => WarehouseClickHouseQuery,
    repositoryFactory: () => new ModelRepository(DEFAULT_MODEL_DIR, planRules),
    preAggregationsSchema: 'cube_pre_aggregations',
    scheduledRefreshTimer: true,
    scheduledRefreshTimeZones: ['Asia/Shanghai'],
    logger: cubeLogger,
    telemetry: false,
    // The JWT's payload is the security context: { role, deptCode? }.
    queryRewrite: (query: CubeQuery, { securityContext }: { securityContext: unknown }) => {
      const context = SecurityContext.parse(securityContext)
      return restrictToDepartment(query, referencedViews(query), context, catalog)
    },
  })
  const app = express()
  await core.initApp(app)
  const port = Number(values.port)
  app.listen(port, () => console.error(`Cube REST API: http://localhost:${port}/cubejs-api/v1`))
  if (values['pg-port']) {
    await core.initSQLServer().init({ pgSqlPort: Number(values['pg-port']) })
    console.error(`Cube SQL API (Postgres protocol): port ${values['pg-port']}`)
  }
  return -1
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exit(code)
  },
  (err) => {
    console.error(err instanceof ConfigError ? err.message : err)
    process.exit(1)
  },
)
