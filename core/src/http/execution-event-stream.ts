import type { FeathersKoaContext } from '@feathersjs/koa'
import { NotAuthenticated, NotFound } from '@feathersjs/errors'
import { PassThrough } from 'node:stream'
import type { Application, Principal } from '../declarations.js'
import { requestStrategies } from '../auth/authentication.js'
import type { RecordedEvent } from '../executor/persistence/execution-recorder.js'
import { isTerminal } from '../executor/public-execution.js'

const route = /^\/executions\/([0-9a-f-]{36})\/events\/?$/i

function frame(event: Pick<RecordedEvent, 'seq' | 'type' | 'nodeId' | 'data' | 'createdAt'>): string {
  const payload = { seq: event.seq, type: event.type, nodeId: event.nodeId, data: event.data, createdAt: event.createdAt }
  return `id: ${event.seq}\nevent: ${event.type}\ndata: ${JSON.stringify(payload)}\n\n`
}

async function authenticate(app: Application, ctx: FeathersKoaContext): Promise<Principal> {
  const auth = app.service('authentication')
  const request = await auth.parse(ctx.req, ctx.res, 'api-key', 'jwt')
  if (!request) throw new NotAuthenticated('Not authenticated')
  const result = (await auth.authenticate(request, {}, ...requestStrategies)) as { principal?: Principal }
  if (!result.principal) throw new NotAuthenticated('Not authenticated')
  return result.principal
}

/**
 * `GET /api/v1/executions/:id/events` as Server-Sent Events: every stored event from the start (or
 * after `Last-Event-ID`), then the live ones, closing after `execution.completed`. Another tenant's
 * execution is not found.
 */
export function executionEventStream(app: Application) {
  return async (ctx: FeathersKoaContext, next: () => Promise<unknown>) => {
    const match = ctx.method === 'GET' ? route.exec(ctx.path) : null
    if (!match) return next()
    const executionId = match[1].toLowerCase()
    const principal = await authenticate(app, ctx)
    // Counts like any other call of the caller: a spent budget does not open a stream.
    await app.get('rateLimiters').request(principal.apiKeyId ? `key:${principal.apiKeyId}` : `user:${principal.userId}`)
    const execution = await app
      .service('executions')
      ._get(executionId, { principal })
      .catch(() => undefined)
    if (!execution) throw new NotFound(`No execution ${executionId}`)
    const after = Number(ctx.get('last-event-id') || ctx.query.lastEventId || 0) || 0

    const stream = new PassThrough()
    ctx.req.socket.setTimeout(0)
    ctx.set({ 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive', 'x-accel-buffering': 'no' })
    ctx.status = 200
    ctx.body = stream

    let last = after
    let closed = false
    const buffered: RecordedEvent[] = []
    let replaying = true
    const send = (event: RecordedEvent) => {
      if (closed || event.seq <= last) return
      last = event.seq
      stream.write(frame(event))
      if (event.type === 'execution.completed') close()
    }
    // Stored events arrive as `created` events of the service, from this process or (queue mode,
    // several instances) relayed from the runner's.
    const events = app.service('execution-events')
    const onLive = (event: RecordedEvent) => {
      if (event.executionId !== executionId) return
      if (replaying) buffered.push(event)
      else send(event)
    }
    const close = () => {
      if (closed) return
      closed = true
      events.off('created', onLive)
      stream.end()
    }
    // Listen before reading the log, so nothing stored in between is missed; `seq` removes doubles.
    events.on('created', onLive)
    ctx.req.on('close', close)
    // From the configured log store (PostgreSQL or MongoDB), through its service.
    const stored = (await events._find({
      principal,
      query: { executionId, seq: { $gt: after }, $sort: { seq: 1 } },
      paginate: false
    })) as RecordedEvent[]
    for (const event of stored) send(event)
    replaying = false
    for (const event of buffered) send(event)
    if (isTerminal(execution.status) && !closed) close()
  }
}
