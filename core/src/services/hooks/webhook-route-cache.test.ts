import { describe, expect, it } from 'vitest'
import { WebhookRouteCache, type WebhookRoute } from './webhook-route-cache.js'

const route = (tenantId: string): WebhookRoute => ({ flowId: 'f', tenantId, secretHash: null, signingSecret: null })

describe('WebhookRouteCache', () => {
  it('looks a route up once while it is fresh', async () => {
    let loads = 0
    const cache = new WebhookRouteCache(async () => (loads++, route('t')))
    await cache.get('f')
    expect(await cache.get('f')).toEqual(route('t'))
    expect(loads).toBe(1)
  })

  it('looks it up again after `forget` or once its time is up', async () => {
    let tenant = 'a'
    const cache = new WebhookRouteCache(async () => route(tenant), 20)
    await cache.get('f')
    tenant = 'b'
    cache.forget('f')
    expect((await cache.get('f'))?.tenantId).toBe('b')
    tenant = 'c'
    await new Promise((resolve) => setTimeout(resolve, 30))
    expect((await cache.get('f'))?.tenantId).toBe('c')
  })

  it('does not keep a lookup that a change overtook', async () => {
    let release!: () => void
    let tenant = 'old'
    const cache = new WebhookRouteCache(async () => {
      const seen = tenant
      await new Promise<void>((resolve) => (release = resolve))
      return route(seen)
    })
    const slow = cache.get('f')
    await new Promise((resolve) => setImmediate(resolve))
    tenant = 'new'
    cache.forget('f')
    release()
    expect((await slow)?.tenantId).toBe('old')
    const fresh = cache.get('f')
    await new Promise((resolve) => setImmediate(resolve))
    release()
    expect((await fresh)?.tenantId).toBe('new')
  })

  it('keeps no entry for unknown flows', async () => {
    let loads = 0
    const cache = new WebhookRouteCache(async () => (loads++, undefined))
    await cache.get('nope')
    await cache.get('nope')
    expect(loads).toBe(2)
  })
})
