import feathersPackage from '@feathersjs/feathers'
import type { Application, Principal } from '../declarations.js'
import type { RecordedEvent } from './persistence/execution-recorder.js'
import type { ExecutionLifecycleHandler, StoredProgress } from './lifecycle/execution-lifecycle.js'
import { publicExecution } from './public-execution.js'
import { entryFields } from './execution-entry-fields.js'

// A CommonJS package whose re-exports Node's ESM loader does not list: its public `createContext`
// is on the module object.
const { createContext } = feathersPackage

/**
 * What the store wrote for an execution leaves as the services' own events, with a hook context
 * Feathers builds for the method (`createContext`): channels, ability filters, the Redis relay and
 * every `watch` see one pipeline, as if a `create` or a `patch` had been called.
 */
export class ExecutionPublisher implements ExecutionLifecycleHandler {
  constructor(private readonly app: Application) {}

  /** Stored progress leaves in order: the batch's events, then the status change it carried. */
  onStored({ events, row, principal }: StoredProgress): void {
    if (events.length) this.events(events, principal)
    if (row) this.patched(row, principal)
  }

  /** Stored events of one execution, in `seq` order. */
  private events(events: RecordedEvent[], principal: Principal): void {
    const service = this.app.service('execution-events')
    // Clients only read the log: its one method's context carries the path and the app.
    for (const event of events) service.emit('created', event, this.context(service, 'find', [{ principal }], event))
  }

  /** A status change the store made (a runner's, or a cancellation outside any run). */
  private patched(row: Record<string, unknown>, principal: Principal): void {
    const service = this.app.service('executions')
    const visible = publicExecution(row, entryFields(this.app.get('plugins')))
    service.emit('patched', visible, this.context(service, 'patch', [row.id, {}, { principal }], visible))
  }

  /** The context of a call of `method` with these arguments (its params last), with `result`. */
  private context(service: object, method: string, args: unknown[], result: unknown) {
    const context = createContext(service as never, method, { arguments: args } as never)
    context.result = result
    return context
  }
}
