import { BadGateway, MethodNotAllowed } from '@feathersjs/errors'
import { servicePaths, serviceMethods } from '@troupe/sdk'
import type { Execution } from '@troupe/sdk'
import type { Application, HookContext, Principal } from '../../declarations.js'
import { systemPrincipal } from '../../executor/system-principal.js'
import { registerService } from '../register-service.js'
import type { AdmittedWebhookCall } from './webhook-intake.js'
import { WebhookRouteCache } from './webhook-route-cache.js'

interface WebhookParams {
  /** Set by `webhookIntake` once the call passed its limits and checks; nothing else can set it. */
  webhook?: AdmittedWebhookCall
  query?: { wait?: string }
}

interface WebhookAnswer {
  /** 200 with the flow's output, or 202 while it still runs. */
  status: 200 | 202
  body: unknown
}

/**
 * `POST /api/v1/hooks/:flowId` (public): runs a flow that starts with `trigger.webhook`, with the
 * request body as its input, and answers with the flow's output when it finishes within the wait
 * time, or 202 with the execution id when it does not. Calls are admitted (limits, secret,
 * signature, body) by `webhookIntake` before they get here.
 */
export class WebhooksService {
  readonly routes: WebhookRouteCache

  constructor(
    private readonly app: Application,
    private readonly waitMs: number
  ) {
    this.routes = new WebhookRouteCache((flowId) => app.get('knex')('webhookRoutes').withSchema('public').where({ flowId }).first())
  }

  async create(body: unknown, params: WebhookParams): Promise<WebhookAnswer> {
    // Socket.IO, or any other door than the intake: the limits and checks would be skipped.
    if (!params.webhook) throw new MethodNotAllowed('A webhook is called with POST /api/v1/hooks/:flowId over HTTP')
    const { route } = params.webhook
    const principal = systemPrincipal(route.tenantId)
    const executions = this.app.service('executions')
    const execution = await executions.create({ flowId: route.flowId, input: body ?? null }, { principal, trigger: 'webhook' })
    const done = await this.settledWithin(execution.id, principal)
    if (!done) return { status: 202, body: { executionId: execution.id, status: 'running' } }
    // Waiting for someone (an approval): answered at once, the caller is not kept until the wait ends.
    if (done.status === 'waiting') return { status: 202, body: { executionId: execution.id, status: 'waiting' } }
    if (done.status !== 'succeeded') {
      throw new BadGateway(`The flow ${done.status}: ${done.error ?? ''}`.trim(), { executionId: execution.id })
    }
    return { status: 200, body: done.output }
  }

  /** The execution's row when it ends, or starts waiting, within the wait time. */
  private async settledWithin(executionId: string, principal: Principal): Promise<Execution | undefined> {
    const watch = await this.app.get('watcher').watch(executionId, principal, { events: false })
    let timer: ReturnType<typeof setTimeout> | undefined
    try {
      return await Promise.race([watch.finished, watch.waiting, new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), this.waitMs)))])
    } finally {
      clearTimeout(timer)
      watch.close()
    }
  }
}

declare module '../../declarations.js' {
  interface ServiceTypes {
    'hooks/:flowId': WebhooksService
  }
}

export function webhooks(app: Application) {
  const service = new WebhooksService(app, app.get('config').webhookWaitMs)
  registerService(
    app,
    { path: servicePaths.hooks, methods: [...serviceMethods['hooks/:flowId']], publicMethods: ['create'] },
    service,
    {
      after: {
        create: [
          (context: HookContext) => {
            const answer = context.result as WebhookAnswer
            context.http = { status: answer.status }
            context.result = answer.body
            context.dispatch = answer.body
          }
        ]
      }
    }
  )
  // Webhook answers belong to their caller alone.
  app.service('hooks/:flowId').publish(() => undefined)
  // Every save of a flow may add, change or drop its route.
  const flows = app.service('flows')
  for (const event of ['created', 'updated', 'patched', 'removed']) flows.on(event, (flow: { id: string }) => service.routes.forget(flow.id))
}
