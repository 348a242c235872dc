import fs from 'node:fs/promises'
import path from 'node:path'
import type { PlanRules } from '../../indicators/plan.schema'
import { applyPlanRules } from './plan-rules'

export interface ModelFile {
  fileName: string
  content: string
}

/**
 * Reads the YAML model from an absolute directory. Cube's FileRepository joins its
 * path onto process.cwd() (and creates it when missing), which breaks as soon as the
 * engine runs from another directory, so the engine supplies its own. Each file's
 * `{{ plan_rules.<name> }}` tokens become the plans' numbers as it is read (plan-rules.ts).
 */
export class ModelRepository {
  constructor(
    readonly modelDir: string,
    readonly planRules: Partial<PlanRules>,
  ) {}

  localPath(): string {
    return this.modelDir
  }

  async dataSchemaFiles(): Promise<ModelFile[]> {
    const names = await listFiles(this.modelDir)
    const yaml = names.filter((n) => n.endsWith('.yml') || n.endsWith('.yaml')).sort()
    return Promise.all(
      yaml.map(async (fileName) => ({
        fileName,
        content: applyPlanRules(
          fileName,
          await fs.readFile(path.join(this.modelDir, fileName), 'utf8'),
          this.planRules,
        ),
      })),
    )
  }
}

async function listFiles(root: string, dir = ''): Promise<string[]> {
  const entries = await fs.readdir(path.join(root, dir), { withFileTypes: true })
  const nested = await Promise.all(
    entries.map((e) => {
      const rel = path.join(dir, e.name)
      return e.isDirectory() ? listFiles(root, rel) : Promise.resolve([rel])
    }),
  )
  return nested.flat()
}
