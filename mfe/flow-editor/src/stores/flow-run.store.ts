import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { isTerminalExecutionStatus, type Execution, type ExecutionEvent, type FlowEdge, type FlowNode, type NodeStatus, type PinnedOutputs } from '@troupe/sdk'
import { buildNodeRuns, useApi, type NodeRun } from '@troupe/mfe-kit'
import { nodeStatuses } from '../model/node-statuses.ts'

type Listener<T> = (record: T) => void

/**
 * A run started from the editor: the execution, its events as they stream over Socket.IO, and
 * the status of each node derived from them.
 */
export const useFlowRunStore = defineStore('flow-editor/run', () => {
  const execution = ref<Execution>()
  const events = ref<ExecutionEvent[]>([])
  const starting = ref(false)
  const cancelling = ref(false)
  const error = ref<unknown>()
  let detach: (() => void) | undefined

  const running = computed(() => !!execution.value && !isTerminalExecutionStatus(execution.value.status))

  function statusesFor(nodeIds: string[]): Record<string, NodeStatus> {
    return execution.value ? nodeStatuses(nodeIds, events.value) : {}
  }

  /** What each node did in the run (input, output, tokens, usage, logs, timing), read against the graph the editor shows; none before a run. */
  function nodeRuns(graph: { nodes: FlowNode[]; edges: FlowEdge[] }): NodeRun[] {
    return execution.value ? buildNodeRuns(events.value, graph, execution.value.input) : []
  }

  /** What `nodeId` did in the run. */
  function nodeRunOf(nodeId: string, graph: { nodes: FlowNode[]; edges: FlowEdge[] }): NodeRun | undefined {
    return nodeRuns(graph).find((run) => run.nodeId === nodeId)
  }

  function addEvents(incoming: ExecutionEvent[]) {
    const seen = new Set(events.value.map((event) => event.seq))
    const fresh = incoming.filter((event) => !seen.has(event.seq))
    if (fresh.length) events.value = [...events.value, ...fresh].sort((a, b) => a.seq - b.seq)
  }

  async function follow(executionId: string) {
    const api = useApi()
    const onEvent: Listener<ExecutionEvent> = (event) => {
      if (event.executionId === executionId) addEvents([event])
    }
    const onExecution: Listener<Execution> = (record) => {
      if (record.id === executionId) execution.value = record
    }
    const eventsService = api.service('execution-events') as unknown as { on(e: string, l: Listener<ExecutionEvent>): void; off(e: string, l: Listener<ExecutionEvent>): void }
    const executions = api.service('executions') as unknown as { on(e: string, l: Listener<Execution>): void; off(e: string, l: Listener<Execution>): void }
    eventsService.on('created', onEvent)
    executions.on('patched', onExecution)
    detach = () => {
      eventsService.off('created', onEvent)
      executions.off('patched', onExecution)
      void api.service('execution-subscriptions').remove(executionId).catch(() => undefined)
    }
    await api.service('execution-subscriptions').create({ executionId })
    // Whatever happened before the subscription took effect comes from the stored log.
    const [stored, latest] = await Promise.all([
      api.service('execution-events').find({ query: { executionId, $sort: { seq: 1 }, $limit: 1000 } }),
      api.service('executions').get(executionId)
    ])
    addEvents(stored.data)
    if (!execution.value || execution.value.updatedAt <= latest.updatedAt) execution.value = latest
  }

  /**
   * Starts the saved flow with `input` and follows it live. A test run names the nodes' pinned
   * outputs (they do not run) and, to test one node, that node (only it runs).
   */
  async function start(flowId: string, input: unknown, test: { pinnedOutputs?: PinnedOutputs; onlyNodeId?: string } = {}) {
    stop()
    starting.value = true
    error.value = undefined
    events.value = []
    execution.value = undefined
    try {
      execution.value = await useApi().service('executions').create({ flowId, input, ...test })
      await follow(execution.value.id)
    } catch (caught) {
      error.value = caught
    } finally {
      starting.value = false
    }
  }

  /** Cancels the run being followed (the node in flight is aborted); its end arrives as a live event. */
  async function cancel() {
    const current = execution.value
    if (!current || !running.value || cancelling.value) return
    cancelling.value = true
    error.value = undefined
    try {
      const answer = await useApi().service('executions').patch(current.id, { status: 'cancelled' })
      if (execution.value?.id === answer.id && execution.value.updatedAt <= answer.updatedAt) execution.value = answer
    } catch (caught) {
      error.value = caught
    } finally {
      cancelling.value = false
    }
  }

  /** Stops following (the execution itself goes on). */
  function stop() {
    detach?.()
    detach = undefined
  }

  function clear() {
    stop()
    execution.value = undefined
    events.value = []
    error.value = undefined
  }

  return { execution, events, starting, cancelling, running, error, statusesFor, nodeRuns, nodeRunOf, start, cancel, stop, clear }
})
