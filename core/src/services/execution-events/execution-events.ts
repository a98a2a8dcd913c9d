import { executionEventQuerySchema, executionEventSchema, servicePaths, serviceMethods } from '@troupe/sdk'
import { executionEventLogOptions, type LoggedExecutionEvent, type TenantLogService } from '@troupe/sdk/plugin'
import type { Application, HookContext } from '../../declarations.js'
import { joinedChannel } from '../../realtime/joined-channel.js'
import { registerService } from '../register-service.js'

declare module '../../declarations.js' {
  interface ServiceTypes {
    'execution-events': TenantLogService<LoggedExecutionEvent>
  }
}

export const executionChannel = (executionId: string) => `executions/${executionId}`

/**
 * `/api/v1/execution-events`: the event log of the tenant's executions, read-only (the runner
 * writes it), from the configured log store. Live events go to the connections subscribed to
 * their execution.
 */
export function executionEvents(app: Application) {
  registerService(
    app,
    {
      path: servicePaths.executionEvents,
      methods: [...serviceMethods['execution-events']],
      schemas: { query: executionEventQuerySchema, result: executionEventSchema },
      permissions: (_principal, { allow }) => allow('read')
    },
    app.get('logStore').tenantLog(executionEventLogOptions),
    {
      before: {
        find: [
          (context: HookContext) => {
            const query = context.params.query ?? {}
            if (query.executionId && !query.$sort) context.params.query = { ...query, $sort: { seq: 1 } }
          }
        ]
      }
    }
  )
  const publishToSubscribers = (event: { executionId: string }, context: HookContext) => {
    const tenantId = context.params.principal?.tenantId
    return joinedChannel(app, executionChannel(event.executionId))?.filter(
      (connection) => (connection as { principal?: { tenantId: string } }).principal?.tenantId === tenantId
    )
  }
  app.service('execution-events').publish('created', publishToSubscribers as never)
}
