import { invitationAcceptanceDataSchema, servicePaths, serviceMethods } from '@troupe/sdk'
import type { Application } from '../../declarations.js'
import { registerService } from '../register-service.js'
import { InvitationAcceptancesService } from './invitation-acceptances.class.js'

declare module '../../declarations.js' {
  interface ServiceTypes {
    'invitation-acceptances': InvitationAcceptancesService
  }
}

/** `POST /api/v1/invitation-acceptances` (public): the invitee joins with the mailed token and is logged in. */
export function invitationAcceptances(app: Application) {
  registerService(
    app,
    {
      path: servicePaths.invitationAcceptances,
      methods: [...serviceMethods['invitation-acceptances']],
      publicMethods: ['create'],
      schemas: { data: invitationAcceptanceDataSchema }
    },
    new InvitationAcceptancesService(app)
  )
}
