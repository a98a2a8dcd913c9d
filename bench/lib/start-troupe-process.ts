import { spawn, type ChildProcess } from 'node:child_process'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

export const troupeCli = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../core/bin/troupe.mjs')

/**
 * Starts `troupe start` as a process of its own and resolves with its URL once it listens; its output
 * is kept (to count starts, for example). `NOISY_SERVER_PROFILE=<dir>` profiles it with `--cpu-prof`.
 */
export async function startTroupe(env: Record<string, string>): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  const child = spawn(process.execPath, [...(process.env.NOISY_SERVER_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.NOISY_SERVER_PROFILE}`] : []), troupeCli, 'start'], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()))
  const url = await new Promise<string>((resolve, reject) => {
    const onData = () => {
      const match = /running on (http:\/\/[\d.]+:\d+)/.exec(output)
      if (match) resolve(match[1])
    }
    child.stdout!.on('data', onData)
    child.once('exit', (code) => reject(new Error(`troupe start exited with ${code}: ${output}`)))
  })
  return { child, url, output: () => output }
}

