import { readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { defineConfig, type Plugin } from 'vite'
import vue from '@vitejs/plugin-vue'
import { sharedSpecifiers } from '../mfe/kit/build/shared-modules.ts'
import { buildImportMap } from './build/import-map.ts'
import { findMfePackages } from './build/find-mfe-packages.ts'

const here = path.dirname(fileURLToPath(import.meta.url))
const apiTarget = process.env.TROUPE_API_URL ?? 'http://127.0.0.1:3030'

/** Puts the import map in front of every module script of the built page. */
function importMap(): Plugin {
  return {
    name: 'troupe-import-map',
    apply: 'build',
    transformIndexHtml() {
      const shared = JSON.parse(readFileSync(path.join(here, 'dist/shared-modules.json'), 'utf8')) as Record<string, string>
      const map = buildImportMap(shared, findMfePackages(path.join(here, '../mfe')))
      return [{ tag: 'script', attrs: { type: 'importmap' }, children: JSON.stringify(map, null, 2), injectTo: 'head-prepend' }]
    }
  }
}

/**
 * The shell: the page, the root config, the navigation and the not-found view. Built after
 * `vite.shared.config.ts` (same `dist`). `vite` alone serves the whole workspace from source with
 * hot reload, proxying the API (`TROUPE_API_URL`, default http://127.0.0.1:3030).
 */
export default defineConfig({
  plugins: [vue(), importMap()],
  resolve: { dedupe: ['vue', 'pinia', 'vue-router', 'single-spa'] },
  server: {
    port: Number(process.env.TROUPE_DEV_PORT ?? 5173),
    strictPort: true,
    proxy: {
      '/api': { target: apiTarget, changeOrigin: false },
      '/socket.io': { target: apiTarget, ws: true },
      '/health': { target: apiTarget },
      '/mcp': { target: apiTarget }
    }
  },
  build: {
    target: 'es2022',
    outDir: 'dist',
    emptyOutDir: false,
    reportCompressedSize: false,
    rolldownOptions: {
      external: [...sharedSpecifiers, /^@troupe\/mfe-/],
      checks: { bundlerTimings: false },
      output: {
        entryFileNames: 'assets/[name]-[hash].js',
        chunkFileNames: 'assets/[name]-[hash].js',
        assetFileNames: 'assets/[name]-[hash][extname]'
      }
    }
  }
})
