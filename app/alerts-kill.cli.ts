import { runAlerts } from '../web/server/alerts/run'
import { withAppDeps } from './cli-deps'
import { loadConfig } from './config'

/**
 * Crash injection for app/alerts.cli.test.ts: an alert run that dies (SIGKILL, no clean-up)
 * right after its first email or robot message has left and before it is recorded as sent.
 */
const config = loadConfig()
await withAppDeps(config, (deps) =>
  runAlerts(deps, { force: true, afterSend: () => process.kill(process.pid, 'SIGKILL') }),
)
console.log('no message was sent')
process.exit(3)
