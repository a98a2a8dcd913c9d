import type { FeathersKoaContext } from '@feathersjs/koa'
import { NotAuthenticated, NotFound, TooManyRequests } from '@feathersjs/errors'
import type { ExecutionEvent } from '@troupe/sdk'
import type { ExecutionWatch } from '@troupe/sdk/plugin'
import { PassThrough } from 'node:stream'
import type { Application, Principal } from '../declarations.js'
import { requestStrategies } from '../auth/authentication.js'
import { addressKey } from '../limits/client-address.js'
import { ConcurrencyCap, type Release } from '../limits/concurrency-cap.js'

const route = /^\/executions\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\/events\/?$/i

function frame(event: Pick<ExecutionEvent, 'seq' | 'type' | 'nodeId' | 'data' | 'createdAt'>): string {
  const payload = { seq: event.seq, type: event.type, nodeId: event.nodeId, data: event.data, createdAt: event.createdAt }
  return `id: ${event.seq}\nevent: ${event.type}\ndata: ${JSON.stringify(payload)}\n\n`
}

/**
 * The stream's door is the one every call goes through: `executions.get` as a REST call (audit,
 * error mapping, the address's budget for anonymous calls and failed tokens, authentication, the
 * caller's budget, authorization). Then the caller's principal, for the watch and its caps.
 */
async function openAsCall(app: Application, ctx: FeathersKoaContext, executionId: string): Promise<Principal> {
  const auth = app.service('authentication')
  const authentication = (await auth.parse(ctx.req, ctx.res, 'api-key', 'jwt')) ?? undefined
  await app.service('executions').get(executionId, { provider: 'rest', ip: ctx.ip, headers: ctx.headers, authentication } as never)
  const result = (await auth.authenticate(authentication!, {}, ...requestStrategies)) as { principal?: Principal }
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
    try {
      principal = await openAsCall(app, ctx, executionId)
      slots.push(slotOf(app, perUser, principal.userId, 'for this user'))
    } catch (error) {
      releaseSlots()
      throw error
    }
    const after = Number(ctx.get('last-event-id') || ctx.query.lastEventId || 0) || 0
    const stopped = new AbortController()
    let watch: ExecutionWatch
    try {
      watch = await app.get('watcher').watch(executionId, principal, { afterSeq: after, signal: stopped.signal })
    } catch (error) {
      releaseSlots()
      throw error
    }

    const stream = new PassThrough()
    ctx.req.socket.setTimeout(0)
    ctx.set({ 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive', 'x-accel-buffering': 'no' })
    ctx.status = 200
    ctx.body = stream

    const untrack = app.get('liveSessions').add({
      get principal() {
        return principal
      },
      changed: async (next) => {
        // A change of role or membership that takes the execution out of reach ends the stream.
        const still = await app.get('watcher').readable(executionId, next).then(
          () => true,
          (error: unknown) => {
            if (error instanceof NotFound) return false
            throw error
          }
        )
        if (!still) return stopped.abort()
        principal = next
      },
      end: () => stopped.abort()
    })
    onGone = () => stopped.abort()
    if (gone) stopped.abort()
    // A stream with nothing to send yet (a queued execution) is answered at once all the same.
    ctx.flushHeaders()
    void (async () => {
      try {
        for await (const event of watch.events) stream.write(frame(event))
      } finally {
        watch.close()
        untrack()
        releaseSlots()
        stream.end()
      }
    })().catch((error: unknown) => app.get('logger').warn({ err: error, executionId }, 'an execution event stream failed'))
  }
}

