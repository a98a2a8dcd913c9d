import { servicePaths, serviceMethods, signupDataSchema } from '@troupe/sdk'
import type { Application } from '../../declarations.js'
import { registerService } from '../register-service.js'
import { SignupService } from './signup.class.js'

declare module '../../declarations.js' {
  interface ServiceTypes {
    signup: SignupService
  }
}

/** `POST /api/v1/signup` (public): a new tenant with its schema and first admin. */
export function signup(app: Application) {
  registerService(
    app,
    {
      path: servicePaths.signup,
      methods: [...serviceMethods.signup],
      publicMethods: ['create'],
      schemas: { data: signupDataSchema }
    },
    new SignupService(app)
  )
}
