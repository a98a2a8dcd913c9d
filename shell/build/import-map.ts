/** An import map as the browser reads it from `<script type="importmap">`. */
export interface ImportMap {
  imports: Record<string, string>
}

/**
 * The workspace's import map: each shared module's built file (hashed, so cached forever) and
 * each micro-frontend's `main.js` under the path the core serves it from.
 */
export function buildImportMap(sharedFiles: Record<string, string>, mfeDirs: Record<string, string>): ImportMap {
  const imports: Record<string, string> = {}
  for (const [specifier, file] of Object.entries(sharedFiles).sort()) imports[specifier] = `/${file}`
  for (const [name, dir] of Object.entries(mfeDirs).sort()) imports[name] = `/mfe/${dir}/main.js`
  return { imports }
}
