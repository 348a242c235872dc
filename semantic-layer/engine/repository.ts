import fs from 'node:fs/promises'
import path from 'node:path'

export interface ModelFile {
  fileName: string
  content: string
}

/**
 * Reads the YAML model from an absolute directory. Cube's FileRepository joins its
 * path onto process.cwd() (and creates it when missing), which breaks as soon as the
 * engine runs from another directory, so the engine supplies its own.
 */
export class ModelRepository {
  constructor(readonly modelDir: string) {}

  localPath(): string {
    return this.modelDir
  }

  async dataSchemaFiles(): Promise<ModelFile[]> {
    const names = await listFiles(this.modelDir)
    const yaml = names.filter((n) => n.endsWith('.yml') || n.endsWith('.yaml')).sort()
    return Promise.all(
      yaml.map(async (fileName) => ({
        fileName,
        content: await fs.readFile(path.join(this.modelDir, fileName), 'utf8'),
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
