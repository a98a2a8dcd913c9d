import { answerLogicRequest } from '@troupe/sdk/logic'
import type { LogicJob, LogicWorkerMessage } from './logic-protocol.js'

// The body of a logic worker process, bundled into plain JavaScript by logic-worker-bundle.ts. It answers one job
// at a time; the parent caps its heap and kills it past a job's deadline. It ends with its parent.
if (!process.send) throw new Error('logic-worker.ts runs only as a child process with an IPC channel')
const send = (message: LogicWorkerMessage) => process.send!(message)

function cpuMs(): number {
  const { user, system } = process.cpuUsage()
  return (user + system) / 1000
}

// The budget counts this process's CPU time: a worker starved by a busy machine is not stopped early.
async function reply({ request, timeoutMs, maxResultBytes }: LogicJob): Promise<LogicWorkerMessage> {
  try {
    return { type: 'answer', answer: await answerLogicRequest(request, { timeoutMs, maxResultBytes, clock: 'cpu' }), cpuMs: cpuMs() }
  } catch (error) {
    const { name, message } = error instanceof Error ? error : { name: 'Error', message: String(error) }
    return { type: 'failed', name, message, cpuMs: cpuMs() }
  }
}

process.on('message', (job: LogicJob) => void reply(job).then(send))
process.on('disconnect', () => process.exit(0))
send({ type: 'ready', cpuMs: cpuMs() })
