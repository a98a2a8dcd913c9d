import type { AuthenticatedCaller } from '@troupe/sdk/plugin'
import type { IncomingMessage } from 'node:http'
import type { Application, Principal } from '../declarations.js'
import { socketAddress } from '../limits/client-address.js'
import { requestStrategies } from './authentication.js'

/**
 * The caller behind `Authorization: Bearer <API key or access token>`, checked by the same
 * strategies as REST (an API key, or a JWT whose session is still open); `undefined` otherwise.
 * With the `request`, a missing or failed token counts against the client's address like an
 * anonymous REST call (`limitAnonymousCalls`), so guessing tokens costs the same on every door;
 * past the budget that throws a 429.
 */
export async function authenticateBearer(app: Application, authorization: string | undefined, provider: string, request?: IncomingMessage): Promise<AuthenticatedCaller | undefined> {
  const caller = await bearerCaller(app, authorization, provider)
  if (!caller && request) {
    const address = socketAddress({ address: request.socket.remoteAddress ?? 'unknown', headers: request.headers }, app.get('config').trustProxy)
    await app.get('rateLimiters').request(`ip:${address}`)
  }
  return caller
}

async function bearerCaller(app: Application, authorization: string | undefined, provider: string): Promise<AuthenticatedCaller | undefined> {
  if (!authorization) return undefined
  const service = app.defaultAuthentication!()
  const request = { headers: { authorization } } as IncomingMessage
  // API keys first: the JWT strategy would take any bearer value for an access token.
  const authentication = await service.parse(request, {} as never, 'api-key', 'jwt')
  if (!authentication) return undefined
  try {
    const result = await service.authenticate(authentication, {}, ...requestStrategies)
    const { userId, tenantId, role } = result.principal as Principal
    return { principal: { userId, tenantId, role }, params: { provider, authentication } }
  } catch {
    return undefined
  }
}
