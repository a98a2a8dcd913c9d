/**
 * Runs every bench, one after another, each in a process of its own (so one's warm JIT, open
 * handles or memory do not reach the next). Run: node --import tsx bench/run-all.ts
 */
import { spawnSync } from 'node:child_process'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const here = path.dirname(fileURLToPath(import.meta.url))
const benches = ['executor-overhead.ts', 'webhook-throughput.ts', 'event-fanout.ts']

let failed = 0
for (const bench of benches) {
  const run = spawnSync(process.execPath, ['--import', 'tsx', path.join(here, bench)], { cwd: path.join(here, '..'), stdio: 'inherit', timeout: 180_000 })
  if (run.status !== 0) {
    failed++
    console.error(`${bench} failed (${run.signal ?? `exit ${run.status}`})`)
  }
}
process.exit(failed ? 1 : 0)
