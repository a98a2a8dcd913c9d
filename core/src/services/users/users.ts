import { hooks as schemaHooks } from '@feathersjs/schema'
import { servicePaths, serviceMethods, userDataSchema, userPatchSchema, userQuerySchema, userSchema } from '@troupe/sdk'
import type { Application } from '../../declarations.js'
import { registerService } from '../register-service.js'
import { checkEmailAvailable } from './check-email-available.js'
import { guardOwnAccount } from './guard-own-account.js'
import { requireCurrentPassword } from './require-current-password.js'
import { reproveChangedEmail } from './reprove-changed-email.js'
import { revokeSessionsOnPasswordChange } from './revoke-sessions-on-password-change.js'
import { UsersService } from './users.class.js'
import { userDataResolver, userExternalResolver, userPatchResolver } from './users.resolvers.js'

declare module '../../declarations.js' {
  interface ServiceTypes {
    users: UsersService
  }
}

/**
 * `/api/v1/users`: admins manage the users of their tenant; everyone reads and edits itself, and
 * changes its own password or email only with the current password (`currentPassword`). An
 * address another account has is refused without saying so.
 */
export function users(app: Application) {
  registerService(
    app,
    {
      path: servicePaths.users,
      methods: [...serviceMethods.users],
      schemas: { data: userDataSchema, patch: userPatchSchema, query: userQuerySchema, result: userSchema },
      permissions: (principal, { allow }) => {
        if (principal.role === 'admin') {
          allow(['read', 'create', 'update', 'delete'])
          return
        }
        allow('read', { where: { id: principal.userId } })
        allow('update', { where: { id: principal.userId }, fields: ['name', 'email', 'password', 'currentPassword'] })
      }
    },
    new UsersService({ Model: app.get('knex'), name: 'users', paginate: { default: 25, max: 100 } }),
    {
      around: {
        all: [schemaHooks.resolveExternal(userExternalResolver)],
        patch: [guardOwnAccount, reproveChangedEmail],
        remove: [guardOwnAccount]
      },
      before: {
        create: [schemaHooks.resolveData(userDataResolver), checkEmailAvailable],
        patch: [requireCurrentPassword, schemaHooks.resolveData(userPatchResolver), checkEmailAvailable]
      },
      after: {
        patch: [revokeSessionsOnPasswordChange]
      }
    }
  )
}
