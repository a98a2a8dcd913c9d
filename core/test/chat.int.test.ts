import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TroupeClient } from '@troupe/sdk'
import { waitForExecution } from './flows-graph.js'
import { connectSocket, recordEvents, settle } from './socket.js'
import { signupTenant, type TestTenant, type TestUser } from './tenants.js'
import { startTestServer, type TestServer } from './test-server.js'

let server: TestServer
let a: TestTenant
let b: TestTenant
let member: TestUser
let helperAgent: { id: string }
const sockets: TroupeClient[] = []

const longReply = Array.from({ length: 60 }, (_, index) => `word${index}`).join(' ')

async function created(user: TestUser, path: string, body: object) {
  const response = await user.http.post(path, body)
  expect(response.status, JSON.stringify(response.body)).toBe(201)
  return response.body
}

async function waitFor<T>(read: () => Promise<T | undefined> | T | undefined, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await read()
    if (value !== undefined) return value
    if (Date.now() > deadline) throw new Error('timed out waiting')
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
}

beforeAll(async () => {
  server = await startTestServer()
  ;[a, b] = await Promise.all([signupTenant(server.url, 'A'), signupTenant(server.url, 'B')])
  member = await a.addUser('member')
  const provider = (await a.admin.http.get('/llm-providers')).body.data[0]
  const patched = await a.admin.http.patch(`/llm-providers/${provider.id}`, {
    rules: [{ match: 'talk at length', reply: longReply }],
    options: { tokenDelayMs: 15 }
  })
  expect(patched.status, JSON.stringify(patched.body)).toBe(200)
  helperAgent = await created(a.admin, '/agents', { name: 'Helper', role: 'Assistant', goal: 'Help the user' })
})
afterAll(async () => {
  for (const socket of sockets) socket.close()
  await server?.close()
})

describe('chat', () => {
  it('streams the answer token by token over Socket.IO, in order, before the complete message; other tenants hear nothing', async () => {
    const mine = await connectSocket(server.url, a.admin.accessToken)
    const theirs = await connectSocket(server.url, b.admin.accessToken)
    sockets.push(mine, theirs)
    const received: Array<{ event: string; data: any }> = []
    const messages = mine.service('chat-messages' as 'flows')
    for (const event of ['created', 'token', 'patched']) messages.on(event, (data: unknown) => received.push({ event, data }))
    const overheard = recordEvents(theirs, 'chat-messages', ['created', 'token', 'patched'])

    const session = await created(a.admin, '/chat-sessions', { agentId: helperAgent.id, title: 'First chat' })
    expect(session).toMatchObject({ agentId: helperAgent.id, userId: a.admin.id })
    const sent = await created(a.admin, '/chat-messages', { sessionId: session.id, content: 'Hello there' })
    expect(sent).toMatchObject({ role: 'user', content: 'Hello there', status: 'complete' })

    const done = await waitFor(() => received.find((entry) => entry.event === 'patched' && entry.data.status !== 'streaming'))
    // The offline provider echoes the agent's whole task prompt, which starts with the message.
    expect(done.data).toMatchObject({ role: 'assistant', status: 'complete', content: expect.stringMatching(/^echo: Current Task: Hello there\n/) })
    const answerId = done.data.id
    const tokens = received.filter((entry) => entry.event === 'token' && entry.data.messageId === answerId).map((entry) => entry.data)
    expect(tokens.length).toBeGreaterThan(1)
    expect(tokens.map((token) => token.index)).toEqual(tokens.map((_, index) => index))
    expect(tokens.map((token) => token.token).join('')).toBe(done.data.content)
    const order = received.map((entry) => entry.event)
    expect(order.lastIndexOf('token')).toBeLessThan(order.indexOf('patched'))
    expect(received.find((entry) => entry.event === 'created' && entry.data.id === answerId)?.data).toMatchObject({ status: 'streaming' })

    await settle()
    expect(overheard).toEqual([])

    const stored = await a.admin.http.get(`/chat-messages?sessionId=${session.id}&$sort[createdAt]=1`)
    expect(stored.body.data.map((message: { role: string; content: string }) => [message.role, message.content])).toEqual([
      ['user', 'Hello there'],
      ['assistant', done.data.content]
    ])
  })

  it('gives the assistant the earlier turns with the new message', async () => {
    const session = await created(a.admin, '/chat-sessions', { agentId: helperAgent.id })
    await created(a.admin, '/chat-messages', { sessionId: session.id, content: 'My name is Ada' })
    await waitFor(async () => {
      const page = await a.admin.http.get(`/chat-messages?sessionId=${session.id}&role=assistant&status=complete`)
      return page.body.total === 1 ? page : undefined
    })
    await created(a.admin, '/chat-messages', { sessionId: session.id, content: 'What is my name?' })
    const answer = await waitFor(async () => {
      const page = await a.admin.http.get(`/chat-messages?sessionId=${session.id}&role=assistant&status=complete&$sort[createdAt]=1`)
      return page.body.total === 2 ? page.body.data[1] : undefined
    })
    expect(answer.content).toContain('User: My name is Ada')
    expect(answer.content).toContain('Assistant: echo: Current Task: My name is Ada')
    expect(answer.content).toContain("The user's new message:\nWhat is my name?")
  })

  it('stops a streaming answer and cancels its execution', async () => {
    const session = await created(a.admin, '/chat-sessions', { agentId: helperAgent.id })
    await created(a.admin, '/chat-messages', { sessionId: session.id, content: 'Please talk at length' })
    const streaming = await waitFor(async () => {
      const page = await a.admin.http.get(`/chat-messages?sessionId=${session.id}&role=assistant`)
      return page.body.data[0]
    })
    await settle(150)
    const stopped = await a.admin.http.patch(`/chat-messages/${streaming.id}`, { status: 'cancelled' })
    expect(stopped.status, JSON.stringify(stopped.body)).toBe(200)
    const execution = await waitForExecution(a.admin.http.get, streaming.executionId, 5000)
    expect(execution.status).toBe('cancelled')
    const final = await waitFor(async () => {
      const message = (await a.admin.http.get(`/chat-messages/${streaming.id}`)).body
      return message.status === 'streaming' ? undefined : message
    })
    expect(final.status).toBe('cancelled')
    // What was streamed before the stop is kept (read again after a reload): the offline provider's long answer, cut short.
    expect(final.content).toMatch(/^word0 (word\d+ )*$/)
    expect((await a.admin.http.patch(`/chat-messages/${streaming.id}`, { status: 'cancelled' })).status).toBe(409)
  })

  it('keeps sessions personal: a member sees only its own, an admin sees all, another tenant none', async () => {
    const mine = await created(member, '/chat-sessions', { agentId: helperAgent.id, title: 'member chat' })
    const adminSession = (await a.admin.http.get('/chat-sessions')).body.data[0]
    expect((await member.http.get(`/chat-sessions/${adminSession.id}`)).status).toBe(404)
    expect((await member.http.post('/chat-messages', { sessionId: adminSession.id, content: 'hi' })).status).toBe(404)
    expect((await member.http.get('/chat-sessions')).body.data.map((session: { id: string }) => session.id)).toEqual([mine.id])
    expect((await a.admin.http.get(`/chat-sessions/${mine.id}`)).status).toBe(200)
    expect((await b.admin.http.get(`/chat-sessions/${mine.id}`)).status).toBe(404)
    expect((await b.admin.http.post('/chat-sessions', { agentId: helperAgent.id })).status).toBe(400)
  })

  it('refuses a session bound to nothing or to two things, naming the field', async () => {
    const none = await a.admin.http.post('/chat-sessions', { title: 'x' })
    expect(none.status).toBe(400)
    expect(none.body.data[0].field).toBe('agentId')
    const two = await a.admin.http.post('/chat-sessions', { agentId: helperAgent.id, flowId: '00000000-0000-4000-8000-000000000000' })
    expect(two.status).toBe(400)
    expect(two.body.message).toMatch(/exactly one of agentId, crewId and flowId/)
  })
})
