import type { User } from './users.js'

export interface LocalAuthRequest {
  strategy: 'local'
  email: string
  password: string
}
export interface RefreshAuthRequest {
  strategy: 'refresh'
  refreshToken: string
}
export interface AccessTokenAuthRequest {
  strategy: 'jwt'
  accessToken: string
}
export interface ApiKeyAuthRequest {
  strategy: 'api-key'
  apiKey: string
}
export type AuthRequest = LocalAuthRequest | RefreshAuthRequest | AccessTokenAuthRequest | ApiKeyAuthRequest

export interface AuthResult {
  accessToken: string
  /** Present for `local` and `refresh`; each refresh token works once. */
  refreshToken?: string
  user: User
  authentication: { strategy: string; payload?: Record<string, unknown> }
}

/** Prefix of every API key, so a key is told apart from a JWT without parsing it. */
export const apiKeyPrefix = 'trp_'
