import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import type { Crew, Flow, UsageReport } from '@troupe/sdk'
import { terminalStatuses, useApi, useLiveExecution } from '@troupe/mfe-kit'
import { buildNodeRuns } from '../model/node-runs.ts'

/**
 * One execution followed live: its record, its event log (stored, then streamed over Socket.IO),
 * each node's run derived from them, and its LLM usage and cost.
 */
export const useExecutionDetailStore = defineStore('executions/detail', () => {
  const { execution, events, cancelling, error, live, addEvents, listen, cancel, close } = useLiveExecution()
  const flow = ref<Flow>()
  /** The crew a crew run ran (`POST /executions {crewId}`). */
  const crew = ref<Crew>()
  const usage = ref<UsageReport>()
  const loading = ref(false)
  const selectedNodeId = ref<string>()

  const nodeRuns = computed(() => buildNodeRuns(events.value, flow.value, execution.value?.input))
  const selectedRun = computed(() => nodeRuns.value.find((run) => run.nodeId === selectedNodeId.value) ?? nodeRuns.value[0])

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
    listen(executionId, (record) => {
      if (terminalStatuses.has(record.status)) void loadUsage(executionId)
    })
    try {
      execution.value = await api.service('executions').get(executionId)
      if (!terminalStatuses.has(execution.value.status)) await api.service('execution-subscriptions').create({ executionId })
      const stored = await api.service('execution-events').find({ query: { executionId, $sort: { seq: 1 }, $limit: 1000 } })
      addEvents(stored.data)
      const { flowId, crewId } = execution.value
      if (flowId) flow.value = await api.service('flows').get(flowId).catch(() => undefined)
      if (crewId) crew.value = await useApi().service('crews').get(crewId).catch(() => undefined)
      await loadUsage(executionId)
    } catch (caught) {
      error.value = caught
    } finally {
      loading.value = false
    }
  }

  return { execution, events, flow, crew, usage, loading, error, cancelling, selectedNodeId, selectedRun, nodeRuns, live, open, cancel, close }
})
