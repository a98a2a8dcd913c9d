import { defineConfig, type Plugin } from 'vite'
import vue from '@vitejs/plugin-vue'
import { sharedModules } from '../mfe/kit/build/shared-modules.ts'

/**
 * The shared modules, built once for the whole workspace: Vue, Pinia, Vue Router, single-spa, the
 * SDK client and the workspace kit, each an ES module entry importing the others by relative URL
 * (so there is one instance of each). Writes `shared-modules.json` (specifier → file) for the
 * shell's import map.
 */
function writeSharedModuleList(): Plugin {
  return {
    name: 'troupe-shared-module-list',
    generateBundle(_options, bundle) {
      const byName = new Map<string, string>(Object.entries(sharedModules).map(([specifier, name]) => [name, specifier]))
      const files: Record<string, string> = {}
      for (const chunk of Object.values(bundle)) {
        if (chunk.type === 'chunk' && chunk.isEntry && byName.has(chunk.name)) files[byName.get(chunk.name)!] = chunk.fileName
      }
      this.emitFile({ type: 'asset', fileName: 'shared-modules.json', source: JSON.stringify(files, null, 2) })
    }
  }
}

export default defineConfig({
  plugins: [vue(), writeSharedModuleList()],
  build: {
    target: 'es2022',
    outDir: 'dist',
    emptyOutDir: true,
    reportCompressedSize: false,
    chunkSizeWarningLimit: 1500,
    rolldownOptions: {
      input: Object.fromEntries(Object.entries(sharedModules).map(([specifier, name]) => [name, specifier])),
      preserveEntrySignatures: 'strict',
      checks: { bundlerTimings: false },
      // The SDK's contract modules only declare schemas: what the client does not use can go.
      treeshake: { moduleSideEffects: (id) => !/[\\/]sdk[\\/]src[\\/]contract[\\/]/.test(id) },
      output: {
        format: 'es',
        entryFileNames: 'assets/[name]-[hash].js',
        chunkFileNames: 'assets/[name]-[hash].js',
        assetFileNames: 'assets/[name]-[hash][extname]'
      }
    }
  }
})
