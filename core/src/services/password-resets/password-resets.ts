import { passwordResetConfirmationDataSchema, passwordResetDataSchema, servicePaths, serviceMethods } from '@troupe/sdk'
import type { Application, HookContext } from '../../declarations.js'
import { registerService } from '../register-service.js'
import { PasswordResetConfirmationsService } from './password-reset-confirmations.class.js'
import { PasswordResetsService } from './password-resets.class.js'

declare module '../../declarations.js' {
  interface ServiceTypes {
    'password-resets': PasswordResetsService
    'password-reset-confirmations': PasswordResetConfirmationsService
  }
}

const answerWith = (status: number) => async (context: HookContext) => {
  context.http = { ...context.http, status }
}

/**
 * `POST /api/v1/password-resets` (public, 202 alike for every address) and
 * `POST /api/v1/password-reset-confirmations` (public, 200): forgotten passwords, by mail.
 */
export function passwordResets(app: Application) {
  registerService(
    app,
    {
      path: servicePaths.passwordResets,
      methods: [...serviceMethods['password-resets']],
      publicMethods: ['create'],
      schemas: { data: passwordResetDataSchema }
    },
    new PasswordResetsService(app),
    { after: { create: [answerWith(202)] } }
  )
  registerService(
    app,
    {
      path: servicePaths.passwordResetConfirmations,
      methods: [...serviceMethods['password-reset-confirmations']],
      publicMethods: ['create'],
      schemas: { data: passwordResetConfirmationDataSchema }
    },
    new PasswordResetConfirmationsService(app),
    { after: { create: [answerWith(200)] } }
  )
}
