import type { Plan } from '../indicators/plans'
import type { SemanticLayer } from '../semantic-layer/engine/engine'
import type { TaskView } from '../web/server/tasks/board'
import { departmentDirectory } from '../web/server/tasks/departments'
import { loadBoard } from '../web/server/tasks/tasks.service'
import type { AppConfig } from './config'
import { openMeta } from './stores'

/**
 * A plan's tasks with their status, for the command-line tools: the same board the server
 * builds (web/server/tasks), from the metadata store the configuration names and the
 * district's departments as the semantic layer has them (none before any data is loaded).
 * The store is opened (and migrated) for the call and closed again.
 */
export async function planTaskBoard(
  config: AppConfig,
  sl: SemanticLayer,
  plan: Plan,
  now = new Date(),
): Promise<TaskView[]> {
  const meta = await openMeta(config)
  try {
    const departments = await departmentDirectory({ semantic: sl, meta: meta.db })
    return await loadBoard({ meta: meta.db }, plan, departments, now)
  } finally {
    await meta.close()
  }
}
