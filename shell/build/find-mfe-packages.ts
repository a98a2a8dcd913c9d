import { readdirSync, readFileSync, existsSync } from 'node:fs'
import path from 'node:path'

/** `@troupe/mfe-<x>` package name → its folder under `mfe/`, for every micro-frontend with a build. */
export function findMfePackages(mfeRoot: string): Record<string, string> {
  const found: Record<string, string> = {}
  for (const dir of readdirSync(mfeRoot)) {
    const manifest = path.join(mfeRoot, dir, 'package.json')
    if (!existsSync(manifest)) continue
    const pkg = JSON.parse(readFileSync(manifest, 'utf8')) as { name: string; scripts?: Record<string, string> }
    if (pkg.scripts?.build) found[pkg.name] = dir
  }
  return found
}
