import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import type { Crew, Execution, Flow, FlowVersion, NodeStatus, UsageReport } from '@troupe/sdk'
import { buildNodeRuns, terminalStatuses, useApi, useLiveExecution } from '@troupe/mfe-kit'

/**
 * One execution followed live: its record, its event log (stored, then streamed over Socket.IO),
 * each node's run derived from them, and its LLM usage and cost. A flow run is shown with the flow
 * version it pinned, not the flow as it is now.
 */
export const useExecutionDetailStore = defineStore('executions/detail', () => {
  const { execution, events, cancelling, error, live, addEvents, listen, cancel, close } = useLiveExecution()
  /** The flow as it is now: its name, and whether it changed since the run. */
  const flow = ref<Flow>()
  /** The version of the flow the execution ran (`flowVersion`): the graph to draw. */
  const flowVersion = ref<FlowVersion>()
  /** The crew a crew run ran (`POST /executions {crewId}`). */
  const crew = ref<Crew>()
  const usage = ref<UsageReport>()
  /** The sub-flows' runs this execution's nodes started (`flow.call`), oldest first, kept live. */
  const subExecutions = ref<Execution[]>([])
  const loading = ref(false)
  const selectedNodeId = ref<string>()

  const nodeRuns = computed(() => buildNodeRuns(events.value, flowVersion.value, execution.value?.input))
  const nodeStatuses = computed(() => Object.fromEntries(nodeRuns.value.map((run) => [run.nodeId, run.status])) as Record<string, NodeStatus>)
  /** The flow has been saved again since this execution pinned its version. */
  const flowChanged = computed(() => {
    const pinned = execution.value?.flowVersion
    return flow.value !== undefined && pinned !== null && pinned !== undefined && flow.value.version !== pinned
  })
  /** Nodes a re-run from a node kept from the run it came from. */
  const reusedNodeIds = computed(() => new Set(nodeRuns.value.filter((run) => run.reusedFrom).map((run) => run.nodeId)))
  const selectedRun = computed(() => nodeRuns.value.find((run) => run.nodeId === selectedNodeId.value) ?? nodeRuns.value[0])

  async function loadUsage(executionId: string) {
    try {
      usage.value = await useApi().service('usage').find({ query: { executionId } })
    } catch (caught) {
      error.value = caught
    }
  }

  /** A run of the tenant's, as a service event or a page brings it: kept when it is a sub-flow of the open execution. */
  function noteSubExecution(run: Execution) {
    if (!execution.value || run.parentExecutionId !== execution.value.id) return
    const index = subExecutions.value.findIndex((known) => known.id === run.id)
    if (index === -1) subExecutions.value = [...subExecutions.value, run]
    else subExecutions.value = subExecutions.value.map((known) => (known.id === run.id ? run : known))
  }

  const rerunning = ref(false)
  /** Starts a re-run of the open execution (from a node, or from the start); answers the new execution. */
  async function rerun(options: { fromNodeId?: string } = {}): Promise<Execution | undefined> {
    if (!execution.value) return undefined
    rerunning.value = true
    error.value = undefined
    try {
      return await useApi().service('executions/:executionId/rerun').create(options, { route: { executionId: execution.value.id } })
    } catch (caught) {
      error.value = caught
      return undefined
    } finally {
      rerunning.value = false
    }
  }

  async function open(executionId: string) {
    close()
    loading.value = true
    error.value = undefined
    execution.value = undefined
    events.value = []
    flow.value = undefined
    flowVersion.value = undefined
    crew.value = undefined
    usage.value = undefined
    subExecutions.value = []
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
      const { flowId, flowVersion: version, crewId } = execution.value
      if (flowId) {
        const [current, pinned] = await Promise.all([
          api.service('flows').get(flowId).catch(() => undefined),
          version === null
            ? undefined
            : api
                .service('flow-versions')
                .find({ query: { flowId, version, $limit: 1 } })
                .then((page) => page.data[0])
                .catch(() => undefined)
        ])
        flow.value = current
        flowVersion.value = pinned
      }
      if (crewId) crew.value = await useApi().service('crews').get(crewId).catch(() => undefined)
      const children = await api.service('executions').find({ query: { parentExecutionId: executionId, $sort: { createdAt: 1 }, $limit: 100 } })
      for (const child of children.data) noteSubExecution(child)
      await loadUsage(executionId)
    } catch (caught) {
      error.value = caught
    } finally {
      loading.value = false
    }
  }

  return { execution, events, flow, flowVersion, flowChanged, crew, usage, subExecutions, noteSubExecution, reusedNodeIds, rerun, rerunning, loading, error, cancelling, selectedNodeId, selectedRun, nodeRuns, nodeStatuses, live, open, cancel, close }
})
