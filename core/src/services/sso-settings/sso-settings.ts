import { serviceMethods, servicePaths, ssoSettingsDataSchema, ssoSettingsSchema } from '@troupe/sdk'
import type { Application } from '../../declarations.js'
import { registerService } from '../register-service.js'
import { SsoSettingsService } from './sso-settings.class.js'

declare module '../../declarations.js' {
  interface ServiceTypes {
    'sso-settings': SsoSettingsService
  }
}

/** `/api/v1/sso-settings/:tenantId`: admins configure their tenant's OIDC single sign-on; nobody else reads or changes it. */
export function ssoSettings(app: Application) {
  registerService(
    app,
    {
      path: servicePaths.ssoSettings,
      methods: [...serviceMethods['sso-settings']],
      schemas: { data: ssoSettingsDataSchema, result: ssoSettingsSchema },
      permissions: (principal, { allow }) => {
        if (principal.role === 'admin') allow(['read', 'update', 'delete'])
      }
    },
    new SsoSettingsService(app)
  )
}
