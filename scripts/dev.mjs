#!/usr/bin/env node
// `npm run dev`: the API (embedded mode) plus one Vite dev server that serves the shell and every
// micro-frontend from source with hot reload, proxying /api, /socket.io, /mcp and /health to the API.
// Open http://127.0.0.1:5173 (TROUPE_DEV_PORT); the API listens on PORT (3030).
import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import path from 'node:path'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const apiPort = process.env.PORT ?? '3030'
const env = { ...process.env, PORT: apiPort, TROUPE_API_URL: `http://127.0.0.1:${apiPort}` }

const children = [
  spawn(process.execPath, ['--import', 'tsx', 'core/src/cli.ts', 'start'], { cwd: root, env, stdio: 'inherit' }),
  spawn(path.join(root, 'node_modules', '.bin', 'vite'), [], { cwd: path.join(root, 'shell'), env, stdio: 'inherit' })
]

let stopping = false
function stop(code) {
  if (stopping) return
  stopping = true
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM')
  process.exitCode = code
}
for (const child of children) child.on('exit', (code) => stop(code ?? 1))
process.on('SIGINT', () => stop(0))
process.on('SIGTERM', () => stop(0))
