import type { FeathersKoaContext } from '@feathersjs/koa'
import { Forbidden, NotAuthenticated, NotFound, TooManyRequests } from '@feathersjs/errors'
import { PassThrough } from 'node:stream'
import type { Application, Principal } from '../declarations.js'
import { requestStrategies } from '../auth/authentication.js'
import type { RecordedEvent } from '../executor/persistence/execution-recorder.js'
import { isTerminal } from '../executor/public-execution.js'
import { addressKey } from '../limits/client-address.js'
import { ConcurrencyCap, type Release } from '../limits/concurrency-cap.js'

const route = /^\/executions\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\/events\/?$/i

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

/** What a client refused for too many streams is told to wait before trying again. */
const retryAfterSeconds = 5

/** A slot of `cap` for `key`, or a 429 naming the cap that is full. */
function slotOf(app: Application, cap: ConcurrencyCap, key: string, holder: string): Release {
  const release = cap.acquire(key)
  if (release) return release
  app.get('metrics').connectionsRefused.inc({ kind: 'sse' })
  throw new TooManyRequests(`Too many open event streams ${holder} (at most ${cap.limit}); close one first`, { limit: cap.limit, retryAfter: retryAfterSeconds })
}

/**
 * `GET /api/v1/executions/:id/events` as Server-Sent Events: every stored event from the start (or
 * after `Last-Event-ID`), then the live ones, closing after `execution.completed`. Another tenant's
 * execution is not found. A client address and a user (its API keys included) may hold only so
 * many streams at once (429 with `Retry-After` past that), and a stream is a live session: it
 * closes when its user, session or key stops being valid, or when a new role may not read it.
 */
export function executionEventStream(app: Application) {
  const limits = app.get('config').connections
  const perAddress = new ConcurrencyCap(limits.sseStreamsPerIp)
  const perUser = new ConcurrencyCap(limits.sseStreamsPerUser)
  return async (ctx: FeathersKoaContext, next: () => Promise<unknown>) => {
    const match = ctx.method === 'GET' ? route.exec(ctx.path) : null
    if (!match) return next()
    const executionId = match[1].toLowerCase()
    const slots = [slotOf(app, perAddress, addressKey(ctx.ip), 'from this address')]
    const releaseSlots = () => {
      for (const release of slots) release()
    }
    // From the start: a client gone while the stream is being opened gives its slots back too.
    let onGone = releaseSlots
    let gone = false
    ctx.res.once('close', () => {
      gone = true
      onGone()
    })
    let principal: Principal
    let execution: { status: string }
    try {
      principal = await authenticate(app, ctx)
      slots.push(slotOf(app, perUser, principal.userId, 'for this user'))
      // Counts like any other call of the caller: a spent budget does not open a stream.
      await app.get('rateLimiters').callOf(principal)
      const found = await readableExecution(app, executionId, principal)
      if (!found) throw new NotFound(`No execution ${executionId}`)
      execution = found
    } catch (error) {
      releaseSlots()
      throw error
    }
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
    const untrack = app.get('liveSessions').add({
      get principal() {
        return principal
      },
      changed: async (next) => {
        if (!(await readableExecution(app, executionId, next))) return close()
        principal = next
      },
      end: () => close()
    })
    const close = () => {
      if (closed) return
      closed = true
      events.off('created', onLive)
      untrack()
      releaseSlots()
      stream.end()
    }
    // Listen before reading the log, so nothing stored in between is missed; `seq` removes doubles.
    events.on('created', onLive)
    onGone = close
    if (gone) close()
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
    // A stream with nothing to send yet (a queued execution) is answered at once all the same.
    if (!closed) ctx.flushHeaders()
  }
}

/** The execution when `principal` may read it; a failure to read is not "not found". */
async function readableExecution(app: Application, executionId: string, principal: Principal) {
  try {
    return await app.service('executions')._get(executionId, { principal })
  } catch (error) {
    if (error instanceof NotFound || error instanceof Forbidden) return undefined
    throw error
  }
}
