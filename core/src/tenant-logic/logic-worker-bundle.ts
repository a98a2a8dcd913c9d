import { createHash } from 'node:crypto'
import { rename, stat, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { build } from 'esbuild'

const workerSource = new URL('./logic-worker.ts', import.meta.url)

let bundled: Promise<string> | undefined

/**
 * The logic worker as one plain JavaScript file, built once per process with esbuild (which the
 * TypeScript loader already brings) and kept in the temporary directory under the hash of its
 * content. A worker that starts from it loads in a fraction of the time a TypeScript loader takes,
 * which matters because a worker is replaced every time a tenant's request exhausts one.
 */
export function logicWorkerBundle(): Promise<string> {
  bundled ??= buildBundle().catch((error: unknown) => {
    bundled = undefined
    throw error
  })
  return bundled
}

async function buildBundle(): Promise<string> {
  const result = await build({
    entryPoints: [workerSource.pathname],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    write: false,
    logLevel: 'silent',
    // CommonJS dependencies bundled into ESM still call `require` for Node's built-ins.
    banner: { js: "import { createRequire as __troupeCreateRequire } from 'node:module'; const require = __troupeCreateRequire(import.meta.url);" }
  })
  const code = result.outputFiles[0].contents
  const digest = createHash('sha256').update(code).digest('hex').slice(0, 16)
  const file = path.join(os.tmpdir(), `troupe-logic-worker-${digest}.mjs`)
  const exists = await stat(file).then(
    (found) => found.size === code.byteLength,
    () => false
  )
  if (!exists) {
    // Written aside and renamed, so a process starting a worker never reads half a file.
    const partial = `${file}.${process.pid}.partial`
    await writeFile(partial, code, { mode: 0o644 })
    await rename(partial, file)
  }
  return file
}
