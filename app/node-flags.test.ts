import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { SERVER_NODE_FLAGS } from './node-flags'

describe('the flags the server runs with', () => {
  it('npm start passes every one of them to node, before the entry point', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(import.meta.dirname, '..', 'package.json'), 'utf8'))
    const start: string = pkg.scripts.start
    const node = start.slice(start.indexOf('node '), start.indexOf('app/main.ts'))
    for (const flag of SERVER_NODE_FLAGS) expect(node.split(/\s+/)).toContain(flag)
  })

  it('bound the heap at 512 MB or more (the budget written in node-flags.ts)', () => {
    const mb = Number(/--max-old-space-size=(\d+)/.exec(SERVER_NODE_FLAGS.join(' '))?.[1])
    expect(mb).toBeGreaterThanOrEqual(512)
  })
})
