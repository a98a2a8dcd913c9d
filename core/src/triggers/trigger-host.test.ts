import { describe, expect, it } from 'vitest'
import type { Application } from '../declarations.js'
import { TriggerHost } from './trigger-host.js'

/** An app with one trigger type whose saved rows the host would read. */
function appWithTriggers() {
  const reads: string[] = []
  const knex = Object.assign(
    (table: string) => {
      reads.push(table)
      const query = { withSchema: () => query, whereIn: () => query, select: async () => [], where: () => query, delete: async () => 0 }
      return query
    },
    { raw: async () => undefined }
  )
  const plugins = { triggerTypes: new Map([['test.tick', { plugin: 'test', trigger: { type: 'test.tick', start: () => undefined } }]]) }
  const values: Record<string, unknown> = { knex, plugins, logger: { warn: () => undefined, error: () => undefined, child: () => ({}) } }
  const app = { get: (name: string) => values[name] } as unknown as Application
  return { app, reads }
}

describe('TriggerHost', () => {
  it('runs nothing before start: a queue worker hears flows’ events and must not start triggers', async () => {
    const { app, reads } = appWithTriggers()
    const host = new TriggerHost(app, { syncMs: 60_000 })
    await host.sync()
    expect(reads).toEqual([])
    await host.start()
    expect(reads).toContain('flowTriggers')
    await host.stop()
    const after = reads.length
    await host.sync()
    expect(reads.length).toBe(after)
  })
})
