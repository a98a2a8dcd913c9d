import { feathers, type Application, type Params } from '@feathersjs/feathers'
import rest from '@feathersjs/rest-client'
import socketio from '@feathersjs/socketio-client'
import authentication, { MemoryStorage, type Storage } from '@feathersjs/authentication-client'
import { io, type Socket } from 'socket.io-client'
import { restPrefix } from '../contract/services.js'
import type { AuthResult, SignupData, SignupResult } from '../contract/index.js'
import type { ServiceTypes } from './service-types.js'

export interface ClientOptions {
  transport?: 'rest' | 'socket'
  /** Authenticate every call with this API key instead of logging in. */
  apiKey?: string
  /** Where the access and refresh tokens are kept (memory by default, `localStorage` in a browser). */
  storage?: Storage
  /** `fetch` implementation for the REST transport (the global one by default). */
  fetch?: typeof fetch
}

export type TroupeClient = Application<ServiceTypes> & {
  /** Log in with email and password; keeps the access and refresh tokens. */
  login(email: string, password: string): Promise<AuthResult>
  /** Create a tenant and its admin, and log in as that admin. */
  signup(data: SignupData): Promise<SignupResult>
  /** Trade the kept refresh token for a new access token (and a new refresh token). */
  refresh(): Promise<AuthResult>
  logout(): Promise<void>
  /** The Socket.IO connection, when `transport` is `socket`. */
  socket?: Socket
  /** Close the connection (socket transport). */
  close(): void
}

const refreshTokenKey = 'troupe-refresh-token'

/** The typed Troupe client over REST or Socket.IO. */
export function createClient(url: string, options: ClientOptions = {}): TroupeClient {
  const base = url.replace(/\/$/, '')
  const app = feathers<ServiceTypes>() as TroupeClient
  const storage = options.storage ?? new MemoryStorage()

  if (options.transport === 'socket') {
    const socket = io(base, { transports: ['websocket'], forceNew: true })
    app.configure(socketio(socket))
    app.socket = socket
  } else {
    app.configure(rest(`${base}${restPrefix}`).fetch(options.fetch ?? fetch))
  }
  app.configure(authentication({ storage, path: 'authentication', jwtStrategy: 'jwt' }))

  const remember = async (result: AuthResult) => {
    if (result.refreshToken) await storage.setItem(refreshTokenKey, result.refreshToken)
    return result
  }

  app.login = async (email, password) =>
    remember((await app.authenticate({ strategy: 'local', email, password })) as AuthResult)

  app.signup = async (data) => {
    const result = (await app.service('signup').create(data)) as SignupResult
    await storage.setItem(refreshTokenKey, result.refreshToken)
    await app.authentication.setAccessToken(result.accessToken)
    if (options.transport === 'socket') await app.authenticate({ strategy: 'jwt', accessToken: result.accessToken })
    return result
  }

  app.refresh = async () => {
    const refreshToken = await storage.getItem(refreshTokenKey)
    if (!refreshToken) throw new Error('No refresh token kept: log in first')
    return remember((await app.authenticate({ strategy: 'refresh', refreshToken })) as AuthResult)
  }

  app.logout = async () => {
    await app.authentication.logout()
    await storage.removeItem(refreshTokenKey)
  }

  app.close = () => app.socket?.close()

  if (options.apiKey) useApiKey(app, options.apiKey, options.transport === 'socket')

  return app
}

function useApiKey(app: TroupeClient, apiKey: string, overSocket: boolean) {
  if (overSocket) {
    void app.authenticate({ strategy: 'api-key', apiKey }).catch(() => undefined)
    return
  }
  app.hooks({
    before: {
      all: [
        (context) => {
          const params = context.params as Params
          params.headers = { ...params.headers, Authorization: `Bearer ${apiKey}` }
        }
      ]
    }
  })
}
