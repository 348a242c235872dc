import fs from 'node:fs'
import path from 'node:path'
import zlib from 'node:zlib'
import { defineConfig, type Plugin } from 'vite'

/** Text assets worth compressing (images and fonts are compressed already). */
const TEXT = /\.(js|css|html|svg|json)$/
const MIN_BYTES = 1024

/**
 * Writes brotli (`.br`) and gzip (`.gz`) copies of the built text assets beside them, once at
 * build time, so the server sends compressed bytes without compressing per request
 * (web/server/static.ts picks the copy the browser accepts).
 */
function precompress(): Plugin {
  let outDir = ''
  return {
    name: 'plan-scorecard:precompress',
    apply: 'build',
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir)
    },
    writeBundle() {
      const walk = (dir: string): string[] =>
        fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
          const p = path.join(dir, e.name)
          return e.isDirectory() ? walk(p) : [p]
        })
      for (const file of walk(outDir)) {
        if (!TEXT.test(file)) continue
        const bytes = fs.readFileSync(file)
        if (bytes.length < MIN_BYTES) continue
        fs.writeFileSync(
          `${file}.br`,
          zlib.brotliCompressSync(bytes, {
            params: {
              [zlib.constants.BROTLI_PARAM_QUALITY]: 11,
              [zlib.constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
            },
          }),
        )
        fs.writeFileSync(`${file}.gz`, zlib.gzipSync(bytes, { level: 9 }))
      }
    },
  }
}

// No React plugin: esbuild's automatic JSX runtime is all the build needs (and keeps
// the install free of Babel, which clashes with Cube's pinned Babel 7).
export default defineConfig({
  root: path.resolve(import.meta.dirname, 'web/client'),
  esbuild: { jsx: 'automatic' },
  plugins: [precompress()],
  build: {
    // biome-ignore lint/style/noProcessEnv: the build's output directory, shared with the server's CLIENT_DIR setting
    outDir: path.resolve(process.env.CLIENT_DIR ?? path.join(import.meta.dirname, 'dist/client')),
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
    rollupOptions: {
      onwarn(warning, warn) {
        // React Query marks modules "use client" for server-component bundlers; irrelevant here.
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return
        warn(warning)
      },
    },
  },
  server: { proxy: { '/trpc': 'http://localhost:3000', '/healthz': 'http://localhost:3000' } },
})
