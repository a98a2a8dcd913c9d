import { defineConfig } from 'vitest/config'
import vue from '@vitejs/plugin-vue'

// Unit tests are pure and fast; integration tests each start a real server on a real database
// (a PGlite clone, or a fresh PostgreSQL database when DATABASE_URL is set). PGlite takes
// ~700 MB per instance, so integration files run in at most two forks.
export default defineConfig({
  test: {
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
