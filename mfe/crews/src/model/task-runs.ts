import type { CrewTask, ExecutionEvent, ExecutionStatus } from '@troupe/sdk'
import { StreamedTokens } from '@troupe/mfe-kit'

export type TaskRunStatus = 'pending' | 'running' | 'succeeded' | 'failed' | 'cancelled'

/** Something an agent did while working on a task, in the order it happened. */
export type TaskStep =
  | { kind: 'thought'; seq: number; agent: string; text: string }
  | { kind: 'tool'; seq: number; agent: string; tool: string; callId: string; arguments: unknown; result?: unknown; error?: string; done: boolean }
  | { kind: 'delegation'; seq: number; from: string; to: string; task: string }

export interface TaskRun {
  taskId: string
  description?: string
  status: TaskRunStatus
  agent?: string
  output?: string
  /**
   * Streamed text of the task's LLM calls (every round trip, delegations included), without what
   * a provider streamed before failing over.
   */
  tokens: string
  steps: TaskStep[]
}

const text = (value: unknown) => (typeof value === 'string' ? value : value === undefined ? '' : JSON.stringify(value))

/**
 * Each task's run, derived from the execution's events: `task.started`/`task.completed` delimit a
 * task; the `token`, `agent.thought`, `tool.call`/`tool.result` and `delegation` events between
 * them belong to it. Tasks of the crew that have not started are `pending`; a task still running
 * when the execution ended takes the execution's final status.
 */
export function buildTaskRuns(tasks: Pick<CrewTask, 'id' | 'description'>[], events: ExecutionEvent[], executionStatus?: ExecutionStatus): TaskRun[] {
  const runs = new Map<string, TaskRun>(tasks.map((task) => [task.id, { taskId: task.id, description: task.description, status: 'pending', tokens: '', steps: [] }]))
  let current: TaskRun | undefined
  const streamed = new Map<TaskRun, StreamedTokens>()
  for (const event of [...events].sort((a, b) => a.seq - b.seq)) {
    const data = event.data ?? {}
    switch (event.type) {
      case 'task.started': {
        const taskId = String(data.taskId)
        current = runs.get(taskId) ?? { taskId, status: 'pending', tokens: '', steps: [] }
        runs.set(taskId, current)
        Object.assign(current, { status: 'running', agent: data.agent === undefined ? current.agent : String(data.agent) })
        break
      }
      case 'task.completed': {
        const run = runs.get(String(data.taskId)) ?? current
        if (run) Object.assign(run, { status: 'succeeded', output: text(data.output), agent: data.agent === undefined ? run.agent : String(data.agent) })
        if (run === current) current = undefined
        break
      }
      case 'token':
      case 'llm.failover':
        if (current) {
          const tokens = streamed.get(current) ?? new StreamedTokens()
          streamed.set(current, tokens)
          tokens.apply(event)
          current.tokens = tokens.text
        }
        break
      case 'agent.thought':
        current?.steps.push({ kind: 'thought', seq: event.seq, agent: text(data.agent), text: text(data.text) })
        break
      case 'tool.call':
        current?.steps.push({ kind: 'tool', seq: event.seq, agent: text(data.agent), tool: text(data.tool), callId: text(data.callId), arguments: data.arguments, done: false })
        break
      case 'tool.result': {
        const call = current?.steps.find((step): step is Extract<TaskStep, { kind: 'tool' }> => step.kind === 'tool' && step.callId === text(data.callId) && !step.done)
        if (call) Object.assign(call, { done: true, result: data.result, error: data.error === undefined ? undefined : text(data.error) })
        break
      }
      case 'delegation':
        current?.steps.push({ kind: 'delegation', seq: event.seq, from: text(data.from), to: text(data.to), task: text(data.task) })
        break
    }
  }
  if (current && (executionStatus === 'succeeded' || executionStatus === 'failed' || executionStatus === 'cancelled')) {
    current.status = executionStatus
  }
  return [...runs.values()]
}

/** The crew's answer as an execution output: `{text, tasks: [{taskId, output}], usage}`. */
export interface CrewOutput {
  text: string
  tasks: { taskId: string; output: string }[]
  usage?: { promptTokens?: number; completionTokens?: number; costUsd?: number }
}

export function crewOutput(output: unknown): CrewOutput | undefined {
  if (!output || typeof output !== 'object') return undefined
  const candidate = output as Partial<CrewOutput>
  if (typeof candidate.text !== 'string') return undefined
  return { text: candidate.text, tasks: Array.isArray(candidate.tasks) ? candidate.tasks : [], usage: candidate.usage }
}
