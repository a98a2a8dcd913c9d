import { execFile } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { controlMigrations } from '../migrations/index.js'

const run = promisify(execFile)
const cli = path.resolve(import.meta.dirname, '../bin/troupe.mjs')
let dataDir: string

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'troupe-cli-'))
})
afterAll(() => rm(dataDir, { recursive: true, force: true }))

const troupe = (args: string[], env: Record<string, string>) =>
  run(process.execPath, [cli, ...args], { env: { ...process.env, DATABASE_URL: '', ...env }, timeout: 150_000 }).then(
    (result) => ({ code: 0, ...result }),
    (error: { code: number; stdout: string; stderr: string }) => error
  )

describe('troupe CLI', () => {
  it.each([
    ['PORT', 'eighty', /PORT must be an integer/],
    ['DATABASE_URL', 'mysql://db/troupe', /DATABASE_URL must use postgres/],
    ['TROUPE_SECRET_KEY', 'short', /TROUPE_SECRET_KEY must be at least 32 characters/]
  ])('refuses to start with a bad %s, naming it', async (variable, value, message) => {
    const result = await troupe(['start'], { TROUPE_DATA_DIR: dataDir, [variable]: value })
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(message)
  })

  it('migrates the embedded database and reports what it applied', async () => {
    const first = await troupe(['migrate'], { TROUPE_DATA_DIR: dataDir })
    expect(first.code).toBe(0)
    expect(first.stdout).toContain(`Control schema: ${controlMigrations.length} migration(s) applied`)
    const second = await troupe(['migrate'], { TROUPE_DATA_DIR: dataDir })
    expect(second.stdout).toMatch(/Control schema: 0 migration\(s\) applied/)
  }, 300_000)

  it('explains its commands and refuses unknown ones', async () => {
    const result = await troupe(['fly'], {})
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(/Usage: troupe <command>/)
  })
})
