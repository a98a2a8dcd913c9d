import { emailVerificationConfirmationDataSchema, emailVerificationDataSchema, serviceMethods, servicePaths } from '@troupe/sdk'
import type { Application } from '../../declarations.js'
import { answerWithStatus } from '../../hooks/answer-with-status.js'
import { registerService } from '../register-service.js'
import { EmailVerificationConfirmationsService, EmailVerificationsService } from './email-verifications.class.js'

declare module '../../declarations.js' {
  interface ServiceTypes {
    'email-verifications': EmailVerificationsService
    'email-verification-confirmations': EmailVerificationConfirmationsService
  }
}

/**
 * `POST /api/v1/email-verifications` (signed in: mails the caller a new link, 202) and
 * `POST /api/v1/email-verification-confirmations` (public: proves the address, 200).
 */
export function emailVerifications(app: Application) {
  registerService(
    app,
    {
      path: servicePaths.emailVerifications,
      methods: [...serviceMethods['email-verifications']],
      schemas: { data: emailVerificationDataSchema },
      // Every role, for its own address (the service reads the caller, never an id from the request).
      permissions: (_principal, { allow }) => allow('create')
    },
    new EmailVerificationsService(app),
    { after: { create: [answerWithStatus(202)] } }
  )
  registerService(
    app,
    {
      path: servicePaths.emailVerificationConfirmations,
      methods: [...serviceMethods['email-verification-confirmations']],
      publicMethods: ['create'],
      schemas: { data: emailVerificationConfirmationDataSchema }
    },
    new EmailVerificationConfirmationsService(app),
    { after: { create: [answerWithStatus(200)] } }
  )
}
