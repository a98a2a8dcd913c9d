import { computed, ref } from 'vue'
import { terminalExecutionStatuses, type Execution, type ExecutionEvent } from '@troupe/sdk'
import { useApi } from './use-api.ts'

type Emitter<T> = { on(event: string, listener: (record: T) => void): void; off(event: string, listener: (record: T) => void): void }

/** The statuses after which an execution changes no more (the SDK's list). */
export const terminalStatuses: ReadonlySet<string> = new Set(terminalExecutionStatuses)

/**
 * An execution followed live over Socket.IO, for use inside a Pinia setup store: its record, its event
 * log in `seq` order without duplicates, listening for both until `close`, and cancelling it.
 */
export function useLiveExecution() {
  const execution = ref<Execution>()
  const events = ref<ExecutionEvent[]>([])
  const cancelling = ref(false)
  const error = ref<unknown>()
  let detach: (() => void) | undefined

  const live = computed(() => !!execution.value && !terminalStatuses.has(execution.value.status))

  function addEvents(incoming: ExecutionEvent[]) {
    const seen = new Set(events.value.map((event) => event.seq))
    const fresh = incoming.filter((event) => !seen.has(event.seq))
    if (fresh.length) events.value = [...events.value, ...fresh].sort((a, b) => a.seq - b.seq)
  }

  /** Takes in the execution's new events and changes (then calls `onPatched`) until `close`; ends its subscription then. */
  function listen(executionId: string, onPatched?: (record: Execution) => void) {
    const api = useApi()
    const eventService = api.service('execution-events') as unknown as Emitter<ExecutionEvent>
    const executionService = api.service('executions') as unknown as Emitter<Execution>
    const onEvent = (event: ExecutionEvent) => {
      if (event.executionId === executionId) addEvents([event])
    }
    const onRecord = (record: Execution) => {
      if (record.id !== executionId) return
      execution.value = record
      onPatched?.(record)
    }
    eventService.on('created', onEvent)
    executionService.on('patched', onRecord)
    detach = () => {
      eventService.off('created', onEvent)
      executionService.off('patched', onRecord)
      void api.service('execution-subscriptions').remove(executionId).catch(() => undefined)
    }
  }

  /** Whether `listen` is in effect. */
  const listening = () => !!detach

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

  return { execution, events, cancelling, error, live, addEvents, listen, listening, cancel, close }
}
