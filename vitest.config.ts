import { defineConfig } from 'vitest/config'
import vue from '@vitejs/plugin-vue'

// Unit tests are pure and fast; integration tests each start a real server on a real database
// (a PGlite clone, or a fresh PostgreSQL database when DATABASE_URL is set). PGlite takes
// ~700 MB per instance, so integration files run in at most two forks.
export default defineConfig({
  test: {
    // `npm run coverage` turns this on: one report over all three projects, summed per package and
    // held to scripts/coverage-thresholds.json by scripts/coverage-by-package.mjs.
    coverage: {
      provider: 'v8',
      // Every source file counts, imported by a test or not. The few .mjs entry files run only in
      // child processes, worker threads or containers, where the v8 provider does not see them.
      include: ['{core,sdk,plugins/*,shell,mfe/*}/{src,migrations,build}/**/*.{ts,vue}'],
      exclude: [
        '**/*.test.ts',
        '**/*.d.ts',
        // Test doubles of a plugin's own tests (sdk/src/plugin/testing is published API and counts).
        'plugins/*/src/**/testing/**',
        '**/fixtures/**',
        '**/node_modules/**',
        '**/dist/**'
      ],
      reporter: ['text-summary', 'json-summary', 'html', 'lcovonly']
    },
    projects: [
      {
        test: {
          name: 'unit',
          sequence: { groupOrder: 0 },
          include: ['{core,sdk,plugins/*}/{src,migrations}/**/*.test.ts'],
          exclude: ['**/*.int.test.ts', '**/node_modules/**']
        }
      },
      {
        // The web workspace: stores, models and JSON Schema forms in Node; component tests opt into
        // happy-dom with a `// @vitest-environment happy-dom` first line.
        plugins: [vue()],
        test: {
          name: 'web',
          sequence: { groupOrder: 0 },
          environment: 'node',
          // One module graph per worker: every file imports the same kit and SDK, and each test sets
          // its own Pinia and API client.
          isolate: false,
          include: ['{shell,mfe/*}/{src,build}/**/*.test.ts']
        }
      },
      {
        test: {
          name: 'integration',
          sequence: { groupOrder: 1 },
          include: ['{core,sdk,plugins/*}/{src,test}/**/*.int.test.ts'],
          globalSetup: ['core/test/global-setup.ts'],
          pool: 'forks',
          maxWorkers: 2,
          testTimeout: 60_000,
          hookTimeout: 120_000
        }
      }
    ]
  }
})
