import type { ChildProcess } from 'node:child_process'

export interface TimedLine {
  /** ms since the child was spawned */
  at: number
  text: string
}

/** Splits a child's stderr into timestamped lines as they arrive, so kill tests can aim at a line. */
export function onStderrLines(child: ChildProcess, started: number, each: (line: TimedLine) => void): void {
  let partial = ''
  child.stderr?.on('data', (chunk: Buffer) => {
    const parts = (partial + chunk.toString()).split('\n')
    partial = parts.pop() ?? ''
    for (const text of parts) each({ at: performance.now() - started, text })
  })
}
