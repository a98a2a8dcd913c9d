import jwt from 'jsonwebtoken'
import { io } from 'socket.io-client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createClient, type TroupeClient } from '@troupe/sdk'
import { httpClient } from '../http.js'
import { connectSocket } from '../socket.js'
import { login, signupTenant, type TestTenant } from '../tenants.js'
import { startTestServer, type TestServer } from '../test-server.js'
import { created, socketCall } from './hostile.js'

/**
 * Forged, stale and misused credentials, over REST (`Authorization: Bearer`), in the Socket.IO
 * `authentication` call and in the Socket.IO handshake. Each must be refused with 401, and a
 * well-made token built the same way must work, so each refusal is for the stated reason.
 */

let server: TestServer
let a: TestTenant
let b: TestTenant
let session: { accessToken: string; refreshToken: string; sid: string }
let sessionOfB: string
const sockets: TroupeClient[] = []

const secret = () => (server.app.get('authentication') as { secret: string }).secret
const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url')
const now = () => Math.floor(Date.now() / 1000)
const claims = (extra: object = {}) => ({ typ: 'access', sid: session.sid, sub: a.admin.id, aud: 'troupe', iss: 'troupe', exp: now() + 600, ...extra })
const signed = (payload: object, key: string | Buffer = secret(), algorithm: jwt.Algorithm = 'HS256') => jwt.sign(payload, key, { algorithm })

beforeAll(async () => {
  server = await startTestServer()
  ;[a, b] = await Promise.all([signupTenant(server.url, 'A'), signupTenant(server.url, 'B')])
  const fresh = await login(server.url, a.admin.email, a.admin.password)
  session = { ...fresh, sid: (jwt.decode(fresh.accessToken) as { sid: string }).sid }
  sessionOfB = (jwt.decode(b.admin.accessToken) as { sid: string }).sid
})
afterAll(async () => {
  for (const socket of sockets) socket.close()
  await server?.close()
})

/** Tries a token everywhere a bearer is taken; answers what each place said. */
async function tryEverywhere(token: string) {
  const rest = (await httpClient(server.url, token).get('/flows')).status
  const restLogin = (await httpClient(server.url).post('/authentication', { strategy: 'jwt', accessToken: token })).status
  const client = createClient(server.url, { transport: 'socket' })
  sockets.push(client)
  const socketLogin = await client.authenticate({ strategy: 'jwt', accessToken: token }).then(
    () => 200,
    (error: { code?: number }) => error.code ?? 0
  )
  const afterwards = (await socketCall(client, 'find', 'flows')).status
  const handshake = await new Promise<string>((resolve) => {
    const socket = io(server.url, { transports: ['websocket'], forceNew: true, extraHeaders: { authorization: `Bearer ${token}` } })
    socket.on('connect_error', (error) => {
      socket.close()
      resolve(`refused: ${error.message}`)
    })
    socket.on('connect', () => {
      socket.emit('find', 'flows', {}, (error: { code?: number } | null) => {
        socket.close()
        resolve(error ? `call refused ${error.code}` : 'served')
      })
    })
  })
  return { rest, restLogin, socketLogin, afterwards, handshake }
}

/** An open socket whose credentials ended is closed by the server (see session-revocation.int.test.ts). */
async function expectCutOff(client: TroupeClient) {
  const socket = client.io as unknown as { connected: boolean }
  await expect.poll(() => socket.connected, { timeout: 2000 }).toBe(false)
}

const refusedEverywhere = { rest: 401, restLogin: 401, socketLogin: 401, afterwards: 401, handshake: expect.stringMatching(/^refused|^call refused 401/) }

describe('forged access tokens', () => {
  it('a well-made token is accepted everywhere (the control case)', async () => {
    expect(await tryEverywhere(signed(claims()))).toEqual({ rest: 200, restLogin: 201, socketLogin: 200, afterwards: 200, handshake: 'served' })
  })

  it.each([
    ['alg none', () => `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims())}.`],
    ['alg "None" with the signature left on', () => {
      const [, payload, signature] = signed(claims()).split('.')
      return `${b64({ alg: 'None', typ: 'JWT' })}.${payload}.${signature}`
    }],
    ['HS256 signed with a wrong key', () => signed(claims(), 'not the server secret at all, but long enough')],
    ['the right signature over a changed payload (sub of another tenant)', () => {
      const [header, , signature] = signed(claims()).split('.')
      return `${header}.${b64(claims({ sub: b.admin.id, sid: sessionOfB }))}.${signature}`
    }],
    ['the signature stripped', () => signed(claims()).split('.').slice(0, 2).join('.') + '.'],
    ['HS512 with the right key (the algorithm is pinned)', () => signed(claims(), secret(), 'HS512')],
    ['expired', () => signed(claims({ exp: now() - 5 }))],
    ['not yet valid', () => signed(claims({ nbf: now() + 600 }))],
    ['another audience', () => signed(claims({ aud: 'some-other-service' }))],
    ['another issuer', () => signed(claims({ iss: 'evil' }))],
    ['no typ', () => signed(claims({ typ: undefined }))],
    ['typ refresh', () => signed(claims({ typ: 'refresh' }))],
    ['a sub that is no user', () => signed(claims({ sub: '00000000-0000-4000-8000-000000000000' }))],
    ['a sid of another user\'s session', () => signed(claims({ sid: sessionOfB }))],
    ['a sid that is no session', () => signed(claims({ sid: '00000000-0000-4000-8000-000000000000' }))],
    ['a refresh token in place of the access token', () => session.refreshToken],
    ['garbage', () => 'not-a-token'],
    ['an empty bearer', () => '']
  ])('%s is refused over REST, the Socket.IO authentication call and the handshake', async (_case, token) => {
    expect(await tryEverywhere(token())).toEqual(refusedEverywhere)
  })

  it('a kid of another user\'s key is refused even when well signed', async () => {
    const keyOfB = await created(b.admin, '/api-keys', { name: 'b' })
    expect(await tryEverywhere(signed(claims({ sid: undefined, kid: keyOfB.id })))).toEqual(refusedEverywhere)
  })

  it('an oversized token is a 4xx, not a 500, and the server keeps answering', async () => {
    const status = (await httpClient(server.url, 'x'.repeat(200_000)).get('/flows')).status
    expect(status).toBeGreaterThanOrEqual(400)
    expect(status).toBeLessThan(500)
    expect((await fetch(`${server.url}/health`)).status).toBe(200)
  })

  it('takes tokens from the Authorization header only, not from the query string', async () => {
    const response = await fetch(`${server.url}/api/v1/flows?access_token=${encodeURIComponent(a.admin.accessToken)}`, { headers: { accept: 'application/json' } })
    expect(response.status).toBe(401)
  })
})

describe('refresh tokens used wrongly', () => {
  it('an access token is not a refresh token, and a used refresh token is refused over Socket.IO too', async () => {
    const anonymous = httpClient(server.url)
    expect((await anonymous.post('/authentication', { strategy: 'refresh', refreshToken: a.admin.accessToken })).status).toBe(401)
    const fresh = await login(server.url, a.admin.email, a.admin.password)
    expect((await anonymous.post('/authentication', { strategy: 'refresh', refreshToken: fresh.refreshToken })).status).toBe(201)
    const client = createClient(server.url, { transport: 'socket' })
    sockets.push(client)
    await expect(client.authenticate({ strategy: 'refresh', refreshToken: fresh.refreshToken })).rejects.toMatchObject({ code: 401 })
    expect((await socketCall(client, 'find', 'flows')).status).toBe(401)
  })

  it('unknown strategies and a strategy with another strategy\'s fields are refused', async () => {
    const anonymous = httpClient(server.url)
    for (const body of [{ strategy: 'anonymous' }, { strategy: 'jwt' }, { strategy: 'api-key', accessToken: a.admin.accessToken }, { strategy: 'local', email: { $ne: null }, password: { $ne: null } }, {}]) {
      const response = await anonymous.post('/authentication', body)
      expect(response.status, JSON.stringify(body)).toBe(401)
    }
  })
})

describe('credentials that were good and are no longer', () => {
  it('a logged-out session\'s token stops working over REST and on an open socket', async () => {
    const ended = await login(server.url, a.admin.email, a.admin.password)
    const socket = await connectSocket(server.url, ended.accessToken)
    sockets.push(socket)
    expect((await socketCall(socket, 'find', 'flows')).status).toBe(200)
    expect((await httpClient(server.url, ended.accessToken).delete('/authentication')).status).toBe(200)
    expect((await httpClient(server.url, ended.accessToken).get('/flows')).status).toBe(401)
    await expectCutOff(socket)
    expect(await tryEverywhere(ended.accessToken)).toEqual(refusedEverywhere)
  })

  it('a removed user\'s token and API key stop working everywhere, open sockets included', async () => {
    const leaving = await a.addUser('member')
    const key = await created(leaving, '/api-keys', { name: 'leaving' })
    const socket = await connectSocket(server.url, leaving.accessToken)
    const keySocket = createClient(server.url, { transport: 'socket' })
    sockets.push(socket, keySocket)
    await keySocket.authenticate({ strategy: 'api-key', apiKey: key.key })
    expect((await socketCall(keySocket, 'find', 'flows')).status).toBe(200)
    expect((await a.admin.http.delete(`/users/${leaving.id}`)).status).toBe(200)
    expect(await tryEverywhere(leaving.accessToken)).toEqual(refusedEverywhere)
    expect((await httpClient(server.url, key.key).get('/flows')).status).toBe(401)
    expect((await httpClient(server.url).post('/authentication', { strategy: 'api-key', apiKey: key.key })).status).toBe(401)
    await expectCutOff(socket)
    await expectCutOff(keySocket)
  })

  it('a revoked or expired API key is refused over REST, the Socket.IO call and the handshake, and on an open socket', async () => {
    const revoked = await created(a.admin, '/api-keys', { name: 'revoked' })
    const open = createClient(server.url, { transport: 'socket' })
    sockets.push(open)
    await open.authenticate({ strategy: 'api-key', apiKey: revoked.key })
    expect((await a.admin.http.delete(`/api-keys/${revoked.id}`)).status).toBe(200)
    await expectCutOff(open)
    const expiresAt = Date.now() + 3000
    const expiring = await created(a.admin, '/api-keys', { name: 'expiring', expiresAt: new Date(expiresAt).toISOString() })
    expect((await httpClient(server.url, expiring.key).get('/flows')).status).toBe(200)
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, expiresAt - Date.now() + 100)))
    for (const key of [revoked.key, expiring.key]) {
      expect((await httpClient(server.url, key).get('/flows')).status).toBe(401)
      const client = createClient(server.url, { transport: 'socket' })
      sockets.push(client)
      await expect(client.authenticate({ strategy: 'api-key', apiKey: key })).rejects.toMatchObject({ code: 401 })
      const handshake = await new Promise<string>((resolve) => {
        const socket = io(server.url, { transports: ['websocket'], forceNew: true, extraHeaders: { authorization: `Bearer ${key}` } })
        socket.on('connect_error', (error) => resolve(error.message))
        socket.on('connect', () => resolve('connected'))
      })
      expect(handshake).not.toBe('connected')
    }
  })

  it('a socket whose access token expires is cut off', async () => {
    const expiresAt = now() + 4
    const socket = await connectSocket(server.url, signed(claims({ exp: expiresAt })))
    sockets.push(socket)
    expect((await socketCall(socket, 'find', 'flows')).status).toBe(200)
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, expiresAt * 1000 - Date.now() + 1100)))
    const after = await Promise.race([socketCall(socket, 'find', 'flows'), new Promise<{ status: number }>((resolve) => setTimeout(() => resolve({ status: -1 }), 2000))])
    expect(after.status).not.toBe(200)
  })
})
