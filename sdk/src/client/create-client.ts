import { feathers, type Application, type Params } from '@feathersjs/feathers'
import restClient from '@feathersjs/rest-client'
import socketioClient from '@feathersjs/socketio-client'
import authenticationClient, { MemoryStorage, type Storage } from '@feathersjs/authentication-client'
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

export interface TroupeClientExtras {
  /** Log in with email and password; keeps the access and refresh tokens. */
  login(email: string, password: string): Promise<AuthResult>
  /** Create a tenant and its admin, and log in as that admin. */
  signup(data: SignupData): Promise<SignupResult>
  /** Trade the kept refresh token for a new access token (and a new refresh token). */
  refresh(): Promise<AuthResult>
  /** The Socket.IO connection, when `transport` is `socket`. */
  socket?: Socket
  /** Close the connection (socket transport). */
  close(): void
}

export type TroupeClient = Application<ServiceTypes> & TroupeClientExtras

const refreshTokenKey = 'troupe-refresh-token'

// These packages are CommonJS; their module objects carry the factory as `default` as well.
const rest = restClient.default
const socketio = socketioClient.default
const authentication = authenticationClient.default

/** The typed Troupe client over REST or Socket.IO. */
export function createClient(url: string, options: ClientOptions = {}): TroupeClient {
  const base = url.replace(/\/$/, '')
  const app = feathers<ServiceTypes>()
  const storage: Required<Storage> = (options.storage ?? new MemoryStorage()) as Required<Storage>
  const overSocket = options.transport === 'socket'

  let socket: Socket | undefined
  if (overSocket) {
    socket = io(base, { transports: ['websocket'], forceNew: true })
    // socket.io-client ships separate ESM and CJS typings of the same class.
    app.configure(socketio(socket as never))
  } else {
    app.configure(rest(`${base}${restPrefix}`).fetch(options.fetch ?? fetch))
  }
  app.configure(authentication({ storage, path: 'authentication', jwtStrategy: 'jwt' }))
  app.on('logout', () => void storage.removeItem(refreshTokenKey))

  const remember = async (result: AuthResult) => {
    if (result.refreshToken) await storage.setItem(refreshTokenKey, result.refreshToken)
    return result
  }

  const extras: TroupeClientExtras = {
    socket,
    login: async (email, password) =>
      remember((await app.authenticate!({ strategy: 'local', email, password })) as unknown as AuthResult),
    signup: async (data) => {
      const result = await app.service('signup').create(data)
      await storage.setItem(refreshTokenKey, result.refreshToken)
      await app.authenticate!({ strategy: 'jwt', accessToken: result.accessToken })
      return result
    },
    refresh: async () => {
      const refreshToken = await storage.getItem(refreshTokenKey)
      if (!refreshToken) throw new Error('No refresh token kept: log in first')
      return remember((await app.authenticate!({ strategy: 'refresh', refreshToken })) as unknown as AuthResult)
    },
    close: () => socket?.close()
  }
  const client = Object.assign(app, extras) as TroupeClient
  if (options.apiKey) useApiKey(client, options.apiKey, overSocket)
  return client
}

function useApiKey(client: TroupeClient, apiKey: string, overSocket: boolean) {
  if (overSocket) {
    void client.authenticate!({ strategy: 'api-key', apiKey }).catch(() => undefined)
    return
  }
  client.hooks({
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
