import { BadRequest, NotFound } from '@feathersjs/errors'
import type { RealTimeConnection } from '@feathersjs/feathers'
import { executionSubscriptionDataSchema, servicePaths, serviceMethods } from '@troupe/sdk'
import type { Application, Principal } from '../../declarations.js'
import { registerService } from '../register-service.js'
import { executionChannel } from './execution-events.js'

interface SubscriptionParams {
  principal?: Principal
  connection?: RealTimeConnection
}

/**
 * Socket.IO only: `create({executionId})` joins the live event stream of an execution the caller
 * may read (others are not found); `remove(executionId)` leaves it.
 */
export class ExecutionSubscriptionsService {
  constructor(private readonly app: Application) {}

  private async check(executionId: string, params: SubscriptionParams) {
    if (!params.connection) throw new BadRequest('Subscriptions need a real-time connection (Socket.IO)')
    const found = await this.app
      .service('executions')
      ._get(executionId, { principal: params.principal })
      .catch(() => undefined)
    if (!found) throw new NotFound(`No execution ${executionId}`)
    return params.connection
  }

  async create(data: { executionId: string }, params: SubscriptionParams) {
    const connection = await this.check(data.executionId, params)
    this.app.channel(executionChannel(data.executionId)).join(connection)
    return { executionId: data.executionId, subscribed: true }
  }

  async remove(executionId: string, params: SubscriptionParams) {
    const connection = await this.check(executionId, params)
    this.app.channel(executionChannel(executionId)).leave(connection)
    return { executionId, subscribed: false }
  }
}

declare module '../../declarations.js' {
  interface ServiceTypes {
    'execution-subscriptions': ExecutionSubscriptionsService
  }
}

export function executionSubscriptions(app: Application) {
  registerService(
    app,
    {
      path: servicePaths.executionSubscriptions,
      methods: [...serviceMethods['execution-subscriptions']],
      schemas: { data: executionSubscriptionDataSchema },
      permissions: (_principal, { allow }) => allow(['create', 'delete'])
    },
    new ExecutionSubscriptionsService(app)
  )
  // Subscriptions are private to their connection: their results are never broadcast.
  app.service('execution-subscriptions').publish(() => undefined)
}
