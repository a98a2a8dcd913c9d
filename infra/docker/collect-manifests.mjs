// Copies the root package.json and package-lock.json, and the package.json of every workspace
// (with the bin files it declares, which `npm ci` links), to the folder named by argv[2], keeping
// their paths. The Dockerfile installs dependencies from this copy alone.
import { cpSync, existsSync, readFileSync, readdirSync } from 'node:fs'
import path from 'node:path'

const out = process.argv[2]
if (!out) throw new Error('usage: collect-manifests.mjs <output dir>')

const readManifest = (dir) => JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'))

/**
 * Workspace folders of the root manifest (only `dir` and `dir/*` patterns are used here). Like npm,
 * a pattern that matches no folder with a package.json matches nothing.
 */
function workspaceDirs(patterns) {
  const hasManifest = (dir) => existsSync(path.join(dir, 'package.json'))
  return patterns.flatMap((pattern) => {
    if (!pattern.endsWith('/*')) return hasManifest(pattern) ? [pattern] : []
    const parent = pattern.slice(0, -2)
    if (!existsSync(parent)) return []
    return readdirSync(parent, { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && hasManifest(path.join(parent, entry.name)))
      .map((entry) => path.join(parent, entry.name))
  })
}

const copy = (file) => cpSync(file, path.join(out, file))

copy('package.json')
copy('package-lock.json')
for (const dir of workspaceDirs(readManifest('.').workspaces ?? [])) {
  copy(path.join(dir, 'package.json'))
  const { bin } = readManifest(dir)
  const binFiles = typeof bin === 'string' ? [bin] : Object.values(bin ?? {})
  for (const file of binFiles) copy(path.join(dir, file))
}
