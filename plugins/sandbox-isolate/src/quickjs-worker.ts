import { parentPort } from 'node:worker_threads'
import { quickjsWasm, runJsonInQuickJS } from './run-in-quickjs.js'
import type { WorkerJob, WorkerMessage } from './worker-protocol.js'

// The body of a sandbox worker thread (started through quickjs-worker-entry.mjs): it runs one job
// at a time, each in a fresh engine; the parent enforces the hard deadline by terminating it.
const port = parentPort
if (!port) throw new Error('quickjs-worker.ts runs only in a worker thread')

async function reply(job: WorkerJob): Promise<WorkerMessage> {
  try {
    const { resultJson, logs } = await runJsonInQuickJS(job)
    return { type: 'done', resultJson, logsJson: JSON.stringify(logs) }
  } catch (error) {
    return { type: 'failed', message: error instanceof Error ? error.message : String(error) }
  }
}

// Compiled once here, so that every job only instantiates it.
await quickjsWasm()
port.on('message', (job: WorkerJob) => void reply(job).then((message) => port.postMessage(message)))
port.postMessage({ type: 'ready' } satisfies WorkerMessage)
