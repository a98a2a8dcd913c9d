import vue from '@vitejs/plugin-vue'
import type { UserConfig } from 'vite'
import { mfeBasePath, sharedSpecifiers } from './shared-modules.ts'

/**
 * The Vite build of one micro-frontend: an ES module `main.js` exporting the single-spa
 * lifecycles, the shared modules left to the import map, hashed chunks under `assets/` (their CSS
 * is loaded with the chunk that needs it). `main.js` keeps its name so the shell's import map
 * needs no rebuild when a micro-frontend changes.
 */
export function defineMfeConfig(dir: string): UserConfig {
  return {
    plugins: [vue()],
    base: mfeBasePath(dir),
    build: {
      target: 'es2022',
      outDir: 'dist',
      emptyOutDir: true,
      reportCompressedSize: false,
      chunkSizeWarningLimit: 1500,
      rolldownOptions: {
        input: { main: 'src/main.ts' },
        preserveEntrySignatures: 'exports-only',
        // Timings are noise in `npm start`'s output.
        checks: { bundlerTimings: false },
        external: sharedSpecifiers,
        output: {
          format: 'es',
          entryFileNames: '[name].js',
          chunkFileNames: 'assets/[name]-[hash].js',
          assetFileNames: 'assets/[name]-[hash][extname]'
        }
      }
    }
  }
}
