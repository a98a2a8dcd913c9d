import { serviceMethods, servicePaths, ssoOptionQuerySchema, ssoOptionSchema, type SsoOption } from '@troupe/sdk'
import { findSsoOptions } from '../../auth/sso/find-sso-options.js'
import type { Application } from '../../declarations.js'
import { registerService } from '../register-service.js'

/** What the login page asks before showing a "Sign in with …" button. */
export class SsoOptionsService {
  constructor(private readonly app: Application) {}

  async find(params: { query?: { q?: string } } = {}): Promise<SsoOption[]> {
    return findSsoOptions(this.app.get('knex'), params.query?.q ?? '')
  }
}

declare module '../../declarations.js' {
  interface ServiceTypes {
    'sso-options': SsoOptionsService
  }
}

/** `GET /api/v1/sso-options?q=` (public, counted against the caller's address): which tenants offer SSO for a name, id or email domain. */
export function ssoOptions(app: Application) {
  registerService(
    app,
    {
      path: servicePaths.ssoOptions,
      methods: [...serviceMethods['sso-options']],
      publicMethods: ['find'],
      schemas: { query: ssoOptionQuerySchema, result: ssoOptionSchema }
    },
    new SsoOptionsService(app)
  )
}
