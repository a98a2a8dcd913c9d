import type { ChildProcess } from 'node:child_process'
import { spawnTroupe } from '../../core/test/processes.js'

export { troupeCli } from '../../core/test/processes.js'

/**
 * Starts `troupe start` as a process of its own (the tests' `spawnTroupe`) and resolves with its
 * URL once it listens; its output is kept (to count starts, for example).
 * `NOISY_SERVER_PROFILE=<dir>` profiles it with `--cpu-prof`.
 */
export async function startTroupe(env: Record<string, string>): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  const profile = process.env.NOISY_SERVER_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.NOISY_SERVER_PROFILE}`] : []
  const server = spawnTroupe('start', env, [], profile)
  const url = await server.running
  return { child: server.child, url: url!, output: server.output }
}
