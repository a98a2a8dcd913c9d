import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TroupeClient } from '@troupe/sdk'
import { connectSocket, recordEvents, settle } from './socket.js'
import { signupTenant, type TestTenant, type TestUser } from './tenants.js'
import { startTestServer, type TestServer } from './test-server.js'

let server: TestServer
let a: TestTenant
let b: TestTenant
let viewerOfA: TestUser
const sockets: TroupeClient[] = []

const connect = async (token: string) => {
  const client = await connectSocket(server.url, token)
  sockets.push(client)
  return client
}

beforeAll(async () => {
  server = await startTestServer()
  ;[a, b] = await Promise.all([signupTenant(server.url, 'A'), signupTenant(server.url, 'B')])
  viewerOfA = await a.addUser('viewer')
})
afterAll(async () => {
  for (const socket of sockets) socket.close()
  await server?.close()
})

describe('channels', () => {
  it('deliver flow events to the tenant only', async () => {
    const adminA = await connect(a.admin.accessToken)
    const adminB = await connect(b.admin.accessToken)
    const seenByA = recordEvents(adminA, 'flows')
    const seenByB = recordEvents(adminB, 'flows')

    const created = await a.admin.http.post('/flows', { name: 'A only' })
    await a.admin.http.patch(`/flows/${created.body.id}`, { name: 'A only, renamed' })
    await a.admin.http.delete(`/flows/${created.body.id}`)
    await settle()

    expect(seenByA.map((entry) => entry.event)).toEqual(['created', 'patched', 'removed'])
    expect(seenByB).toEqual([])
  })

  it('deliver nothing to a connection that has not authenticated', async () => {
    const { createClient } = await import('@troupe/sdk')
    const stranger = createClient(server.url, { transport: 'socket' })
    sockets.push(stranger)
    const seen = recordEvents(stranger, 'flows')
    await a.admin.http.post('/flows', { name: 'not for strangers' })
    await settle()
    expect(seen).toEqual([])
  })

  it('give a viewer only the user events it may read', async () => {
    const viewer = await connect(viewerOfA.accessToken)
    const admin = await connect(a.admin.accessToken)
    const seenByViewer = recordEvents(viewer, 'users')
    const seenByAdmin = recordEvents(admin, 'users')

    const colleague = await a.addUser('member')
    await a.admin.http.patch(`/users/${colleague.id}`, { name: 'Colleague' })
    await viewerOfA.http.patch(`/users/${viewerOfA.id}`, { name: 'Me' })
    await settle()

    expect(seenByAdmin.filter((entry) => entry.data.id === colleague.id).map((entry) => entry.event)).toEqual([
      'created',
      'patched'
    ])
    expect(seenByViewer.map((entry) => [entry.event, entry.data.id])).toEqual([['patched', viewerOfA.id]])
    expect(JSON.stringify([...seenByAdmin, ...seenByViewer])).not.toMatch(/passwordHash/)
  })

  it('stop delivering to a user that was removed', async () => {
    const leaving = await a.addUser('member')
    const socket = await connect(leaving.accessToken)
    const seen = recordEvents(socket, 'flows')
    await a.admin.http.post('/flows', { name: 'seen' })
    await settle()
    expect(seen).toHaveLength(1)
    await a.admin.http.delete(`/users/${leaving.id}`)
    await a.admin.http.post('/flows', { name: 'not seen' })
    await settle()
    expect(seen).toHaveLength(1)
  })

  it('narrow an open connection at once when its user is demoted', async () => {
    const demoted = await a.addUser('admin')
    const socket = await connect(demoted.accessToken)
    const seen = recordEvents(socket, 'users')
    const first = await a.addUser('viewer')
    await settle()
    expect(seen.map((entry) => entry.data.id)).toContain(first.id)
    await a.admin.http.patch(`/users/${demoted.id}`, { role: 'member' })
    const second = await a.addUser('viewer')
    await settle()
    expect(seen.map((entry) => entry.data.id)).not.toContain(second.id)
  })

  it('authenticate a handshake that carries an API key as a bearer header', async () => {
    const { io } = await import('socket.io-client')
    const key = await a.admin.http.post('/api-keys', { name: 'handshake' })
    const socket = io(server.url, { transports: ['websocket'], extraHeaders: { authorization: `Bearer ${key.body.key}` } })
    try {
      const page = await new Promise<{ total: number }>((resolve, reject) =>
        socket.emit('find', 'flows', {}, (error: unknown, result: { total: number }) => (error ? reject(error) : resolve(result)))
      )
      expect(page.total).toBeGreaterThan(0)
      const rejected = io(server.url, { transports: ['websocket'], extraHeaders: { authorization: 'Bearer trp_wrong' } })
      const failure = await new Promise<Error>((resolve) => rejected.on('connect_error', resolve))
      expect(failure.message).toMatch(/Invalid API key/)
      rejected.close()
    } finally {
      socket.close()
    }
  })

  it('authenticate socket calls with an API key as well', async () => {
    const { createClient } = await import('@troupe/sdk')
    const key = await a.admin.http.post('/api-keys', { name: 'socket' })
    const client = createClient(server.url, { transport: 'socket' })
    sockets.push(client)
    await client.authenticate({ strategy: 'api-key', apiKey: key.body.key })
    const page = await client.service('flows').find()
    expect(page.total).toBeGreaterThan(0)
  })
})
