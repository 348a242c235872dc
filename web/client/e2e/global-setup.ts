import { buildClient } from './testing'

/** Once per run, before any browser test file: `vite build` into dist/client, which the server serves. */
export default function setup(): void {
  buildClient()
}
