import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createClient } from '@troupe/sdk'
import { startTestServer, type TestServer } from './test-server.js'

let server: TestServer

beforeAll(async () => {
  server = await startTestServer()
})
afterAll(() => server?.close())

describe('the SDK client over REST', () => {
  it('signs up, calls typed services, refreshes and logs out', async () => {
    const troupe = createClient(server.url)
    const signup = await troupe.signup({ tenant: { name: 'SDK' }, name: 'Sam', email: 'sam@sdk.test', password: 'a long password' })
    expect(signup.user.role).toBe('admin')

    const flow = await troupe.service('flows').create({ name: 'From the SDK' })
    expect(flow.version).toBe(1)
    expect((await troupe.service('flows').patch(flow.id, { name: 'Renamed' })).version).toBe(2)
    const providers = await troupe.service('llm-providers').find()
    expect(providers.data[0]).toMatchObject({ kind: 'scripted', hasApiKey: false })
    const test = await troupe
      .service('llm-providers/:providerId/test')
      .create({ prompt: 'hello' }, { route: { providerId: providers.data[0].id } })
    expect(test).toMatchObject({ ok: true, text: 'echo: hello' })
    const nodeTypes = await troupe.service('node-types').find()
    expect(nodeTypes.total).toBeGreaterThanOrEqual(0)
    expect((await troupe.service('usage').find()).groupBy).toBe('total')

    const refreshed = await troupe.refresh()
    expect(refreshed.refreshToken).toBeTruthy()
    expect((await troupe.service('flows').find()).total).toBe(1)

    await troupe.logout()
    await expect(troupe.service('flows').find()).rejects.toMatchObject({ code: 401 })
  })

  it('logs in with a password and authenticates with an API key', async () => {
    const admin = createClient(server.url)
    await admin.signup({ tenant: { name: 'Keys' }, name: 'Kim', email: 'kim@sdk.test', password: 'a long password' })
    const { key } = await admin.service('api-keys').create({ name: 'script', role: 'viewer' })

    const script = createClient(server.url, { apiKey: key })
    expect((await script.service('flows').find()).total).toBe(0)
    await expect(script.service('flows').create({ name: 'nope' })).rejects.toMatchObject({ code: 403 })

    const again = createClient(server.url)
    const login = await again.login('kim@sdk.test', 'a long password')
    expect(login.user.email).toBe('kim@sdk.test')
    await expect(createClient(server.url).login('kim@sdk.test', 'wrong password')).rejects.toMatchObject({ code: 401 })
  })

  it('reaches the same services over Socket.IO', async () => {
    const troupe = createClient(server.url, { transport: 'socket' })
    try {
      await troupe.signup({ tenant: { name: 'Socket' }, name: 'Sol', email: 'sol@sdk.test', password: 'a long password' })
      const created = new Promise((resolve) => troupe.service('flows').on('created', resolve))
      await troupe.service('flows').create({ name: 'Live' })
      expect(await created).toMatchObject({ name: 'Live' })
    } finally {
      troupe.close()
    }
  })
})
