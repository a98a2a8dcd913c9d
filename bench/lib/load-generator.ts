/**
 * A load generator in a process of its own, so that the server under test gets a core to itself
 * on a 2-core machine: autocannon POSTs `{ i, text }` bodies to a URL over keep-alive connections
 * and every answer is checked to be 200 with the posted body echoed back. Started by `postLoad`
 * (post-load.ts); answers with a `LoadResult`, or `{ error }`, over IPC.
 *
 * autocannon rather than `fetch`: Node's `fetch` spent about as much CPU per request as the server
 * under test did (~1.2 ms), on the same two cores; autocannon spends a small fraction of that.
 */
import { isDeepStrictEqual } from 'node:util'
import autocannon from 'autocannon'

export interface LoadRequest {
  url: string
  total: number
  concurrency: number
  maxMs: number
}

export interface LoadResult {
  completed: number
  elapsedMs: number
  perSecond: number
  /** The load generator's own CPU time per completed request, in ms. */
  cpuMsPerRequest: number
}

interface Sent {
  sent?: object
}

/**
 * Sends `total` requests with `concurrency` in flight, or fewer when `maxMs` passes first (what
 * was answered by then counts). Any answer that is not 200 with the posted body fails it all.
 */
async function load(url: string, total: number, concurrency: number, maxMs: number): Promise<LoadResult> {
  let next = 0
  let answered = 0
  let lastAnswerAt = 0
  let failure: string | undefined
  const started = performance.now()
  const cpuBefore = process.cpuUsage()
  const options: autocannon.Options = {
    url,
    connections: concurrency,
    pipelining: 1,
    amount: total,
    timeout: 30,
    requests: [
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        setupRequest: (request, context: Sent) => {
          const i = next++
          context.sent = { i, text: `request ${i}` }
          return { ...request, body: JSON.stringify(context.sent) }
        },
        onResponse: (status, body, context: Sent) => {
          if (failure) return
          if (status !== 200 || !isDeepStrictEqual(JSON.parse(body), context.sent)) {
            failure = `unexpected answer ${status}: ${body}`
            instance?.stop()
            return
          }
          answered++
          lastAnswerAt = performance.now()
        }
      }
    ]
  }
  let instance: autocannon.Instance | undefined
  const finished = new Promise<autocannon.Result>((resolve, reject) => {
    instance = autocannon(options, (error, result) => (error ? reject(error) : resolve(result)))
  })
  const cap = setTimeout(() => instance?.stop(), maxMs)
  const result = await finished
  clearTimeout(cap)
  const cpu = process.cpuUsage(cpuBefore)
  if (failure) throw new Error(failure)
  const failed = result.errors + result.timeouts + result.non2xx
  if (failed) throw new Error(`${failed} requests failed (${result.errors} errors, ${result.timeouts} timeouts, ${result.non2xx} not 2xx)`)
  // autocannon itself notices the end only at its next one-second tick: time up to the last answer.
  const elapsedMs = lastAnswerAt - started
  const completed = answered
  return { completed, elapsedMs, perSecond: (completed * 1000) / elapsedMs, cpuMsPerRequest: (cpu.user + cpu.system) / 1000 / completed }
}

process.once('message', async (request: LoadRequest) => {
  try {
    process.send!(await load(request.url, request.total, request.concurrency, request.maxMs))
  } catch (error) {
    process.send!({ error: (error as Error).message })
  }
  process.disconnect()
})
