import { restPrefix, type EmailVerificationConfirmed, type InvitationAcceptanceData, type SignupData, type Tenant, type User } from '@troupe/sdk'

/** What login, signup and refresh answer: the refresh token stays in its HttpOnly cookie. */
export interface SessionGrant {
  accessToken: string
  user: User
  tenant?: Tenant
}

/** An API answer that is not a success, carrying the Feathers error body. */
export class ApiRequestError extends Error {
  constructor(
    message: string,
    readonly code: number,
    readonly data: unknown
  ) {
    super(message)
    this.name = 'ApiRequestError'
  }
}

// The server moves the refresh token into an HttpOnly SameSite=Strict cookie scoped to
// /api/v1/authentication when a request carries this header, and reads it back on refresh.
const cookieHeader = { 'x-troupe-refresh-cookie': '1' }

async function send(method: 'POST' | 'DELETE', path: string, body?: unknown, accessToken?: string): Promise<unknown> {
  const response = await fetch(`${restPrefix}/${path}`, {
    method,
    credentials: 'same-origin',
    headers: {
      ...cookieHeader,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(accessToken ? { authorization: `Bearer ${accessToken}` } : {})
    },
    body: body === undefined ? undefined : JSON.stringify(body)
  })
  const text = await response.text()
  const answer: unknown = text ? JSON.parse(text) : undefined
  if (!response.ok) {
    const { message, data } = (answer ?? {}) as { message?: string; data?: unknown }
    throw new ApiRequestError(message || `${response.status} ${response.statusText}`, response.status, data)
  }
  return answer
}

export const authRequests = {
  login: async (email: string, password: string) =>
    (await send('POST', 'authentication', { strategy: 'local', email, password })) as SessionGrant,
  signup: async (data: SignupData) => (await send('POST', 'signup', data)) as SessionGrant,
  /** Public calls over plain HTTP: the socket client serves only logged-in users. */
  requestPasswordReset: async (email: string) => {
    await send('POST', 'password-resets', { email })
  },
  confirmPasswordReset: async (token: string, password: string) => {
    await send('POST', 'password-reset-confirmations', { token, password })
  },
  /** Proves the address a mailed verification link was for. */
  confirmEmail: async (token: string) => (await send('POST', 'email-verification-confirmations', { token })) as EmailVerificationConfirmed,
  acceptInvitation: async (data: InvitationAcceptanceData) => (await send('POST', 'invitation-acceptances', data)) as SessionGrant,
  /** Trades the refresh cookie for a new access token (and a rotated cookie). */
  refresh: async () => (await send('POST', 'authentication', { strategy: 'refresh' })) as SessionGrant,
  logout: async (accessToken: string) => {
    await send('DELETE', 'authentication', undefined, accessToken)
  }
}

export type AuthRequests = typeof authRequests
