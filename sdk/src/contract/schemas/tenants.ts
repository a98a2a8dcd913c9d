import { Type, type Static } from '@feathersjs/typebox'
import { Id, Timestamp } from './common.js'

export const tenantSchema = Type.Object(
  {
    id: Id,
    name: Type.String({ minLength: 1, maxLength: 200 }),
    createdAt: Timestamp
  },
  { $id: 'Tenant', additionalProperties: false }
)
export type Tenant = Static<typeof tenantSchema>
