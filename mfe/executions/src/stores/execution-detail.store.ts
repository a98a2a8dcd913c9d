import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import type { Crew, Execution, ExecutionEvent, Flow, UsageReport } from '@troupe/sdk'
import { crewService, useApi } from '@troupe/mfe-kit'
import { buildNodeRuns } from '../model/node-runs.ts'

type Emitter<T> = { on(event: string, listener: (record: T) => void): void; off(event: string, listener: (record: T) => void): void }

const terminal = new Set(['succeeded', 'failed', 'cancelled'])

/**
 * One execution followed live: its record, its event log (stored, then streamed over Socket.IO),
 * each node's run derived from them, and its LLM usage and cost.
 */
export const useExecutionDetailStore = defineStore('executions/detail', () => {
  const execution = ref<Execution>()
  const events = ref<ExecutionEvent[]>([])
  const flow = ref<Flow>()
  /** The crew a crew run ran (`POST /executions {crewId}`). */
  const crew = ref<Crew>()
  const usage = ref<UsageReport>()
  const loading = ref(false)
  const error = ref<unknown>()
  const cancelling = ref(false)
  const selectedNodeId = ref<string>()
  let detach: (() => void) | undefined

  const nodeRuns = computed(() => buildNodeRuns(events.value, flow.value, execution.value?.input))
  const live = computed(() => !!execution.value && !terminal.has(execution.value.status))
  const selectedRun = computed(() => nodeRuns.value.find((run) => run.nodeId === selectedNodeId.value) ?? nodeRuns.value[0])

  function addEvents(incoming: ExecutionEvent[]) {
    const seen = new Set(events.value.map((event) => event.seq))
    const fresh = incoming.filter((event) => !seen.has(event.seq))
    if (fresh.length) events.value = [...events.value, ...fresh].sort((a, b) => a.seq - b.seq)
  }

  async function loadUsage(executionId: string) {
    try {
      usage.value = await useApi().service('usage').find({ query: { executionId } })
    } catch (caught) {
      error.value = caught
    }
  }

  async function open(executionId: string) {
    close()
    loading.value = true
    error.value = undefined
    execution.value = undefined
    events.value = []
    flow.value = undefined
    crew.value = undefined
    usage.value = undefined
    selectedNodeId.value = undefined
    const api = useApi()
    const eventService = api.service('execution-events') as unknown as Emitter<ExecutionEvent>
    const executionService = api.service('executions') as unknown as Emitter<Execution>
    const onEvent = (event: ExecutionEvent) => {
      if (event.executionId === executionId) addEvents([event])
    }
    const onPatched = (record: Execution) => {
      if (record.id !== executionId) return
      execution.value = record
      if (terminal.has(record.status)) void loadUsage(executionId)
    }
    eventService.on('created', onEvent)
    executionService.on('patched', onPatched)
    detach = () => {
      eventService.off('created', onEvent)
      executionService.off('patched', onPatched)
      void api.service('execution-subscriptions').remove(executionId).catch(() => undefined)
    }
    try {
      execution.value = await api.service('executions').get(executionId)
      if (!terminal.has(execution.value.status)) await api.service('execution-subscriptions').create({ executionId })
      const stored = await api.service('execution-events').find({ query: { executionId, $sort: { seq: 1 }, $limit: 1000 } })
      addEvents(stored.data)
      const { flowId, crewId } = execution.value
      if (flowId) flow.value = await api.service('flows').get(flowId).catch(() => undefined)
      if (crewId) crew.value = await crewService('crews').get(crewId).catch(() => undefined)
      await loadUsage(executionId)
    } catch (caught) {
      error.value = caught
    } finally {
      loading.value = false
    }
  }

  async function cancel() {
    if (!execution.value) return
    cancelling.value = true
    error.value = undefined
    try {
      execution.value = await useApi().service('executions').patch(execution.value.id, { status: 'cancelled' })
    } catch (caught) {
      error.value = caught
    } finally {
      cancelling.value = false
    }
  }

  function close() {
    detach?.()
    detach = undefined
  }

  return { execution, events, flow, crew, usage, loading, error, cancelling, selectedNodeId, selectedRun, nodeRuns, live, open, cancel, close }
})
