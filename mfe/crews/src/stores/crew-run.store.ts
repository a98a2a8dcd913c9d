import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import type { Crew, Execution } from '@troupe/sdk'
import { terminalStatuses, useApi, useLiveExecution } from '@troupe/mfe-kit'
import { buildTaskRuns, crewOutput } from '../model/task-runs.ts'

/**
 * A run of a crew: starting it (`POST /executions {crewId, input}`), then following its execution
 * live over Socket.IO (the stored log first, then new events), each task's progress derived from
 * the events.
 */
export const useCrewRunStore = defineStore('crews/run', () => {
  const crew = ref<Crew>()
  const { execution, events, cancelling, error, live, addEvents, listen, listening, cancel, close } = useLiveExecution()
  const loading = ref(false)
  const starting = ref(false)

  const taskRuns = computed(() => buildTaskRuns(crew.value?.tasks ?? [], events.value, execution.value?.status))
  const output = computed(() => (execution.value?.status === 'succeeded' ? crewOutput(execution.value.output) : undefined))

  async function loadCrew(crewId: string) {
    if (crew.value?.id === crewId) return
    crew.value = undefined
    try {
      crew.value = await useApi().service('crews').get(crewId)
    } catch (caught) {
      error.value = caught
    }
  }

  async function follow(executionId: string) {
    const api = useApi()
    listen(executionId)
    const current = await api.service('executions').get(executionId)
    if (!terminalStatuses.has(current.status)) await api.service('execution-subscriptions').create({ executionId })
    // What happened before the subscription took effect comes from the stored log.
    const [stored, latest] = await Promise.all([
      api.service('execution-events').find({ query: { executionId, $sort: { seq: 1 }, $limit: 1000 } }),
      api.service('executions').get(executionId)
    ])
    addEvents(stored.data)
    if (!execution.value || execution.value.updatedAt <= latest.updatedAt) execution.value = latest
  }

  function reset() {
    close()
    execution.value = undefined
    events.value = []
    error.value = undefined
  }

  /** Runs the crew with `input` and follows the execution; resolves with it once started. */
  async function start(crewId: string, input: Record<string, unknown>): Promise<Execution | undefined> {
    reset()
    starting.value = true
    try {
      await loadCrew(crewId)
      execution.value = await useApi().service('executions').create({ crewId, input })
      await follow(execution.value.id)
      return execution.value
    } catch (caught) {
      error.value = caught
      return undefined
    } finally {
      starting.value = false
    }
  }

  /** Shows an earlier (or running) execution of the crew, after a reload or from a link. */
  async function open(crewId: string, executionId: string) {
    if (execution.value?.id === executionId && listening()) return
    reset()
    loading.value = true
    try {
      await loadCrew(crewId)
      await follow(executionId)
    } catch (caught) {
      error.value = caught
    } finally {
      loading.value = false
    }
  }

  return { crew, execution, events, loading, starting, cancelling, error, live, taskRuns, output, loadCrew, start, open, cancel, close, reset }
})
