import { fork } from 'node:child_process'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { LoadRequest, LoadResult } from './load-generator.js'

const generator = path.join(path.dirname(fileURLToPath(import.meta.url)), 'load-generator.ts')

/** Runs `request` in a load-generator process of its own and resolves with what it measured. */
export function postLoad(request: LoadRequest): Promise<LoadResult> {
  const child = fork(generator, { execArgv: ['--import', 'tsx'], stdio: 'inherit' })
  return new Promise((resolve, reject) => {
    child.once('message', (answer: LoadResult | { error: string }) => ('error' in answer ? reject(new Error(answer.error)) : resolve(answer)))
    child.once('exit', (code) => reject(new Error(`the load generator exited with ${code} before answering`)))
    child.send(request)
  })
}
