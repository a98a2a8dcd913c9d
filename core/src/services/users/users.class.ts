import type { User, UserData, UserPatch } from '@troupe/sdk'
import { userPublicColumns } from '../../models/index.js'
import { TenantRowsService, type TenantRowsParams } from '../tenant-rows-service.js'

/** Users of the caller's tenant. The password hash is written, never read back. */
export class UsersService extends TenantRowsService<User, UserData, TenantRowsParams, UserPatch> {
  createQuery(params: TenantRowsParams = {}) {
    const builder = super.createQuery(params)
    if (!params.query?.$select) builder.clearSelect().select(userPublicColumns.map((column) => `users.${column}`))
    return builder
  }
}
