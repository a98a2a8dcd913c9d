import type { Application } from '../declarations.js'
import { serviceMethods, servicePaths } from '@troupe/sdk'
import { AccessTokenStrategy } from './access-token-strategy.js'
import { ApiKeyStrategy } from './api-key-strategy.js'
import { TroupeAuthenticationService } from './authentication-service.js'
import { deriveKey } from './derive-key.js'
import { PasswordStrategy } from './password-strategy.js'
import { RefreshTokenStrategy } from './refresh-token-strategy.js'

/** Strategies a service call may authenticate with (the others only log in). */
export const requestStrategies = ['jwt', 'api-key']

declare module '../declarations.js' {
  interface ServiceTypes {
    authentication: TroupeAuthenticationService
  }
}

/** `/api/v1/authentication`: local, refresh, jwt and api-key strategies; HS256 access tokens. */
export function authentication(app: Application) {
  const config = app.get('config')
  app.set('authentication', {
    secret: deriveKey(app.get('secretKey'), 'jwt-signing').toString('base64'),
    entity: 'user',
    service: 'users',
    authStrategies: ['local', 'refresh', ...requestStrategies],
    parseStrategies: ['api-key', 'jwt'],
    jwtOptions: {
      header: { typ: 'JWT' },
      audience: 'troupe',
      issuer: 'troupe',
      algorithm: 'HS256',
      expiresIn: config.accessTokenTtlSeconds
    }
  })
  const service = new TroupeAuthenticationService(app)
  service.register('jwt', new AccessTokenStrategy())
  service.register('api-key', new ApiKeyStrategy())
  service.register('local', new PasswordStrategy())
  service.register('refresh', new RefreshTokenStrategy())
  app.use(servicePaths.authentication, service)
  app.get('serviceDescriptors').add({
    path: servicePaths.authentication,
    methods: [...serviceMethods.authentication],
    publicMethods: [...serviceMethods.authentication]
  })
}
