import { execFile } from 'node:child_process'
import path from 'node:path'
import { promisify } from 'node:util'

const root = path.resolve(import.meta.dirname, '..')
const run = promisify(execFile)

export interface CliResult {
  code: number
  stdout: string
  stderr: string
}

/** A CLI (a .ts file under the repository) in its own process: its exit code and output. */
export async function cli(
  args: string[],
  env: Record<string, string>,
  timeout = 180_000,
): Promise<CliResult> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', ...args], {
      cwd: root,
      env: { ...process.env, ...env },
      timeout,
    })
    return { code: 0, stdout, stderr }
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string }
    return { code: typeof e.code === 'number' ? e.code : -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' }
  }
}
