import { passwordResetConfirmationDataSchema, passwordResetDataSchema, servicePaths, serviceMethods } from '@troupe/sdk'
import type { Application } from '../../declarations.js'
import { answerWithStatus } from '../../hooks/answer-with-status.js'
import { registerService } from '../register-service.js'
import { PasswordResetConfirmationsService } from './password-reset-confirmations.class.js'
import { PasswordResetsService } from './password-resets.class.js'

declare module '../../declarations.js' {
  interface ServiceTypes {
    'password-resets': PasswordResetsService
    'password-reset-confirmations': PasswordResetConfirmationsService
  }
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
    { after: { create: [answerWithStatus(202)] } }
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
    { after: { create: [answerWithStatus(200)] } }
  )
}
