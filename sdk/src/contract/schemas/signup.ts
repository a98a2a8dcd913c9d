import { Type, type Static } from '@feathersjs/typebox'
import { tenantSchema } from './tenants.js'
import { userDataSchema, type User } from './users.js'
import type { Tenant } from './tenants.js'

/** `POST /api/v1/signup`: a new tenant and its first admin. */
export const signupDataSchema = Type.Object(
  {
    tenant: Type.Pick(tenantSchema, ['name'], { additionalProperties: false }),
    name: userDataSchema.properties.name,
    email: userDataSchema.properties.email,
    password: userDataSchema.properties.password
  },
  { $id: 'SignupData', additionalProperties: false }
)
export type SignupData = Static<typeof signupDataSchema>

export interface SignupResult {
  tenant: Tenant
  user: User
  accessToken: string
  refreshToken: string
}
