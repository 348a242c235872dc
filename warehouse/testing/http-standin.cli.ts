/**
 * Runs the ClickHouse HTTP stand-in (http-standin.ts: the real engine, chDB, behind a
 * reimplementation of the HTTP interface — not clickhouse-server) as its own process, so a
 * test can SIGKILL it ("ClickHouse down") and start it again on the same data directory
 * and port ("ClickHouse back").
 *
 *   tsx warehouse/testing/http-standin.cli.ts --data-dir DIR [--port N] [--host H] [--user U] [--password P]
 *
 * Prints one line `listening on http://host:port` on stdout once it accepts queries.
 */
import { parseArgs } from 'node:util'
import { startStandin } from './http-standin'

const { values } = parseArgs({
  options: {
    'data-dir': { type: 'string' },
    port: { type: 'string', default: '0' },
    host: { type: 'string', default: '127.0.0.1' },
    user: { type: 'string', default: 'default' },
    password: { type: 'string', default: '' },
  },
})
const dataDir = values['data-dir']
if (!dataDir) {
  console.error('usage: http-standin.cli.ts --data-dir DIR [--port N] [--host H] [--user U] [--password P]')
  process.exit(2)
}
const standin = await startStandin({
  dataDir,
  port: Number(values.port),
  host: values.host,
  user: values.user,
  password: values.password,
  logExceptions: true,
})
console.log(`listening on ${standin.url}`)
const stop = () => {
  void standin.close().then(() => process.exit(0))
}
process.on('SIGTERM', stop)
process.on('SIGINT', stop)
