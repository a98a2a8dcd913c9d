import type { HookContext, NextFunction } from '@feathersjs/feathers'
import { servicePaths } from '@troupe/sdk'

/** How long a list read may be answered again without asking the server, when nothing said it changed. */
const reuseMs = 30_000

/**
 * Record collections whose every change reaches this client as a service event (or is made through
 * it): a list read of one is as current as its last event. Derived answers (the dashboard, usage)
 * and fast-moving ones (executions and their events) are always read afresh.
 */
export const reusablePaths: ReadonlySet<string> = new Set([
  servicePaths.flows,
  servicePaths.agents,
  servicePaths.crews,
  servicePaths.tools,
  servicePaths.users,
  servicePaths.chatSessions,
  servicePaths.llmProviders,
  servicePaths.apiKeys,
  servicePaths.plugins,
  servicePaths.nodeTypes
])

const changeEvents = ['created', 'updated', 'patched', 'removed'] as const

interface Reused {
  at: number
  answer: Promise<unknown>
}

/**
 * Moving between sections reads the same lists again and again (the chat page, the executions
 * filter and the crews page each read agents, crews and flows): a `find` of a record collection
 * asked within 30 s of the same one, with nothing changed since, is answered from that read
 * (a copy of it), and identical reads in flight share one call. Any change to the collection (a
 * service event, or a write through this client) and any log-in or log-out forget what was read.
 */
export function reuseRecentFinds(now: () => number = Date.now) {
  const reads = new Map<string, Map<string, Reused>>()
  const watched = new Set<string>()

  const forget = (path?: string) => (path === undefined ? reads.clear() : reads.delete(path))

  function watch(context: HookContext) {
    if (watched.has(context.path)) return
    watched.add(context.path)
    const service = context.app.service(context.path) as { on?(event: string, listener: () => void): void }
    for (const event of changeEvents) service.on?.(event, () => forget(context.path))
  }

  return async (context: HookContext, next: NextFunction): Promise<void> => {
    if (context.path === servicePaths.authentication) {
      forget()
      return next()
    }
    if (!reusablePaths.has(context.path)) return next()
    if (context.method !== 'find') {
      try {
        await next()
      } finally {
        forget(context.path)
      }
      return
    }
    watch(context)
    const key = JSON.stringify([context.params.query ?? {}, context.params.route ?? {}])
    const ofPath = reads.get(context.path) ?? new Map<string, Reused>()
    reads.set(context.path, ofPath)
    const earlier = ofPath.get(key)
    if (earlier && now() - earlier.at < reuseMs) {
      context.result = structuredClone(await earlier.answer)
      return
    }
    const answer = next().then(() => context.result)
    const read = { at: now(), answer }
    ofPath.set(key, read)
    try {
      await answer
    } catch (error) {
      // A refused read is never reused.
      if (reads.get(context.path)?.get(key) === read) reads.get(context.path)!.delete(key)
      throw error
    }
    context.result = structuredClone(context.result)
  }
}
