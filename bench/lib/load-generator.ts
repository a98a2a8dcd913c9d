/**
 * A load generator in a process of its own (as autocannon or wrk would be), so that the server
 * under test gets a core to itself on a 2-core machine: POSTs `{ i, text }` bodies to a URL and
 * checks every answer is 200 and echoes the body. Started by `postLoad` (post-load.ts); answers
 * with a `LoadResult`, or `{ error }`, over IPC.
 */
import { isDeepStrictEqual } from 'node:util'
import { runConcurrently } from './run-concurrently.js'

export interface LoadRequest {
  url: string
  warmup: number
  total: number
  concurrency: number
  maxMs: number
}

/** Posts `body` to `url` and checks the answer is 200 with `body` echoed back. */
async function postAndCheck(url: string, body: object) {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
  const answer = await response.json()
  if (response.status !== 200 || !isDeepStrictEqual(answer, body)) {
    throw new Error(`unexpected answer ${response.status}: ${JSON.stringify(answer)}`)
  }
}

process.once('message', async (request: LoadRequest) => {
  try {
    const load = (total: number) =>
      runConcurrently({ total, concurrency: request.concurrency, maxMs: request.maxMs }, (i) => postAndCheck(request.url, { i, text: `request ${i}` }))
    await load(request.warmup)
    process.send!(await load(request.total))
  } catch (error) {
    process.send!({ error: (error as Error).message })
  }
  process.disconnect()
})
