#!/usr/bin/env node
// `npm start` and `npm test` work on a fresh clone: install the locked dependencies first
// when they are missing or older than package-lock.json.
import { execSync } from 'node:child_process'
import { existsSync, statSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import path from 'node:path'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const installed = path.join(root, 'node_modules', '.package-lock.json')
const lock = path.join(root, 'package-lock.json')

const stale = !existsSync(installed) || (existsSync(lock) && statSync(lock).mtimeMs > statSync(installed).mtimeMs + 1000)
if (stale) {
  console.log('Installing dependencies (npm ci)...')
  execSync('npm ci --no-audit --no-fund', { cwd: root, stdio: 'inherit' })
}
