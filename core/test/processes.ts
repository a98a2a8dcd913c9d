import { spawn, type ChildProcess } from 'node:child_process'
import path from 'node:path'

const cli = path.resolve(import.meta.dirname, '../bin/troupe.mjs')

export interface Launched {
  child: ChildProcess
  /** The API's URL (`start` only). */
  url?: string
}

/**
 * Starts `troupe start` or `troupe worker` as a child process with `env`, resolving once it says
 * it is running. Every child is added to `children`, for the caller to kill in `afterAll`.
 */
export function launchTroupe(command: 'start' | 'worker', env: Record<string, string>, children: ChildProcess[]): Promise<Launched> {
  const child = spawn(process.execPath, [cli, command], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
  children.push(child)
  return new Promise((resolve, reject) => {
    let output = ''
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString()
      const url = /running on (http:\/\/[\d.]+:\d+)/.exec(output)?.[1]
      if (url || /worker .* is running/.test(output)) resolve({ child, url })
    })
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.on('exit', (code) => reject(new Error(`${command} exited with ${code}: ${output}`)))
  })
}
