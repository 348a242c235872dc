import path from 'node:path'
import { defineConfig } from 'vite'

// No React plugin: esbuild's automatic JSX runtime is all the build needs (and keeps
// the install free of Babel, which clashes with Cube's pinned Babel 7).
export default defineConfig({
  root: path.resolve(import.meta.dirname, 'web/client'),
  esbuild: { jsx: 'automatic' },
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
