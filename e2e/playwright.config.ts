import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { defineConfig } from '@playwright/test'
import { smtpPort } from './support/mailbox.ts'
import { oidcPort } from './support/identity-provider-port.ts'

// The journeys run against the real server (`npm start`, which builds the workspace when needed)
// on its own port and a fresh embedded database, in Debian's Chromium (never a downloaded one).
const port = Number(process.env.TROUPE_E2E_PORT ?? 3917)
const baseURL = `http://127.0.0.1:${port}`
const dataDir = process.env.TROUPE_E2E_DATA_DIR ?? mkdtempSync(path.join(tmpdir(), 'troupe-e2e-'))

export default defineConfig({
  testDir: '.',
  testMatch: '*.spec.ts',
  outputDir: 'test-results',
  timeout: 60_000,
  expect: { timeout: 15_000 },
  workers: 1,
  retries: 0,
  reporter: [['list']],
  use: {
    baseURL,
    viewport: { width: 1280, height: 720 },
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.TROUPE_E2E_CHROMIUM ?? '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run']
    }
  },
  webServer: {
    command: 'npm start',
    cwd: path.resolve(import.meta.dirname, '..'),
    url: `${baseURL}/health`,
    // The example plugin of docs/plugins.md, loaded by path as a third party's would be.
    env: { PORT: String(port), HOST: '127.0.0.1', TROUPE_DATA_DIR: dataDir, LOG_LEVEL: 'warn', TROUPE_PLUGINS: './docs/examples/plugin-ticker/src/index.ts',
      // Mail goes to the inbox the mail journeys start on this port.
      TROUPE_SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
      // The single sign-on journey's identity provider listens on this loopback port.
      TROUPE_SSO_ALLOWED_HOSTS: `127.0.0.1:${oidcPort}`
    },
    timeout: 240_000,
    reuseExistingServer: false,
    stdout: 'ignore',
    stderr: 'pipe'
  }
})
