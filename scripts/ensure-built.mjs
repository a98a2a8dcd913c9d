#!/usr/bin/env node
// `npm start` serves the web workspace from its builds: build the shell and the micro-frontends
// whose output is missing or older than their sources (the shell's shared bundle includes the SDK
// and the workspace kit, so their sources count for it too).
import { execFileSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import path from 'node:path'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const at = (...parts) => path.join(root, ...parts)

/** Newest modification time of the files under `paths` (0 when none exist). */
function newest(paths) {
  let latest = 0
  const visit = (entry) => {
    if (!existsSync(entry)) return
    const stats = statSync(entry)
    if (stats.isDirectory()) {
      for (const name of readdirSync(entry)) if (name !== 'node_modules' && name !== 'dist') visit(path.join(entry, name))
    } else latest = Math.max(latest, stats.mtimeMs)
  }
  paths.forEach(visit)
  return latest
}

const common = [at('package-lock.json'), at('mfe', 'kit', 'build')]
const packages = [
  {
    name: '@troupe/shell',
    output: at('shell', 'dist', 'index.html'),
    inputs: [at('shell', 'src'), at('shell', 'build'), at('shell', 'index.html'), at('shell', 'vite.config.ts'), at('shell', 'vite.shared.config.ts'), at('shell', 'package.json'), at('mfe', 'kit', 'src'), at('sdk', 'src')]
  },
  ...readdirSync(at('mfe'))
    .filter((dir) => existsSync(at('mfe', dir, 'package.json')))
    .map((dir) => ({ dir, pkg: JSON.parse(readFileSync(at('mfe', dir, 'package.json'), 'utf8')) }))
    .filter(({ pkg }) => pkg.scripts?.build)
    .map(({ dir, pkg }) => ({ name: pkg.name, output: at('mfe', dir, 'dist', 'main.js'), inputs: [at('mfe', dir, 'src'), at('mfe', dir, 'vite.config.ts'), at('mfe', dir, 'package.json')] }))
]

const stale = packages.filter(({ output, inputs }) => !existsSync(output) || newest([...inputs, ...common]) > statSync(output).mtimeMs)
if (stale.length > 0) {
  console.log(`Building the web workspace (${stale.map(({ name }) => name).join(', ')})...`)
  const scopes = stale.flatMap(({ name }) => ['--scope', name])
  execFileSync(path.join(root, 'node_modules', '.bin', 'lerna'), ['run', 'build', '--stream', ...scopes], { cwd: root, stdio: 'inherit' })
}
