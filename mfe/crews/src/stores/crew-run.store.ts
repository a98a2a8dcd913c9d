import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import type { Crew, Execution, ExecutionEvent } from '@troupe/sdk'
import { crewService, useApi } from '@troupe/mfe-kit'
import { buildTaskRuns, crewOutput } from '../model/task-runs.ts'

interface Emitter<T> {
  on(event: string, listener: (record: T) => void): void
  off(event: string, listener: (record: T) => void): void
}

const terminal = new Set(['succeeded', 'failed', 'cancelled'])

/**
 * A run of a crew: starting it (`POST /executions {crewId, input}`), then following its execution
 * live over Socket.IO (the stored log first, then new events), each task's progress derived from
 * the events.
 */
export const useCrewRunStore = defineStore('crews/run', () => {
  const crew = ref<Crew>()
  const execution = ref<Execution>()
  const events = ref<ExecutionEvent[]>([])
  const loading = ref(false)
  const starting = ref(false)
  const cancelling = ref(false)
  const error = ref<unknown>()
  let detach: (() => void) | undefined

  const live = computed(() => !!execution.value && !terminal.has(execution.value.status))
  const taskRuns = computed(() => buildTaskRuns(crew.value?.tasks ?? [], events.value, execution.value?.status))
  const output = computed(() => (execution.value?.status === 'succeeded' ? crewOutput(execution.value.output) : undefined))

  function addEvents(incoming: ExecutionEvent[]) {
    const seen = new Set(events.value.map((event) => event.seq))
    const fresh = incoming.filter((event) => !seen.has(event.seq))
    if (fresh.length) events.value = [...events.value, ...fresh].sort((a, b) => a.seq - b.seq)
  }

  async function loadCrew(crewId: string) {
    if (crew.value?.id === crewId) return
    crew.value = undefined
    try {
      crew.value = await crewService('crews').get(crewId)
    } catch (caught) {
      error.value = caught
    }
  }

  async function follow(executionId: string) {
    const api = useApi()
    const eventService = api.service('execution-events') as unknown as Emitter<ExecutionEvent>
    const executions = api.service('executions') as unknown as Emitter<Execution>
    const onEvent = (event: ExecutionEvent) => {
      if (event.executionId === executionId) addEvents([event])
    }
    const onPatched = (record: Execution) => {
      if (record.id === executionId) execution.value = record
    }
    eventService.on('created', onEvent)
    executions.on('patched', onPatched)
    detach = () => {
      eventService.off('created', onEvent)
      executions.off('patched', onPatched)
      void api.service('execution-subscriptions').remove(executionId).catch(() => undefined)
    }
    const current = await api.service('executions').get(executionId)
    if (!terminal.has(current.status)) await api.service('execution-subscriptions').create({ executionId })
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
    if (execution.value?.id === executionId && detach) return
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

  /** Stops following (the execution itself goes on). */
  function close() {
    detach?.()
    detach = undefined
  }

  return { crew, execution, events, loading, starting, cancelling, error, live, taskRuns, output, loadCrew, start, open, cancel, close, reset }
})
