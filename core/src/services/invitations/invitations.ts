import { invitationDataSchema, invitationQuerySchema, invitationSchema, servicePaths, serviceMethods } from '@troupe/sdk'
import type { Application } from '../../declarations.js'
import { registerService } from '../register-service.js'
import { InvitationsService } from './invitations.class.js'

declare module '../../declarations.js' {
  interface ServiceTypes {
    invitations: InvitationsService
  }
}

/** `/api/v1/invitations` (admins): invite an address with a role by mail, list pending invitations, revoke one. */
export function invitations(app: Application) {
  registerService(
    app,
    {
      path: servicePaths.invitations,
      methods: [...serviceMethods.invitations],
      schemas: { data: invitationDataSchema, query: invitationQuerySchema, result: invitationSchema },
      permissions: (principal, { allow }) => {
        if (principal.role === 'admin') allow(['read', 'create', 'delete'])
      }
    },
    new InvitationsService({ Model: app.get('knex'), name: 'invitations', paginate: { default: 25, max: 100 } }, app)
  )
}
