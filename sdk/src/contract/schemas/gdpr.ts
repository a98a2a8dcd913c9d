import { Type, type Static } from '@feathersjs/typebox'
import { Id } from './common.js'

/** `POST /api/v1/gdpr/export`: a user's data (itself, or any user of the tenant for an admin), or the whole tenant's (admins). */
export const gdprExportDataSchema = Type.Object(
  {
    scope: Type.Union([Type.Literal('user'), Type.Literal('tenant')]),
    /** `scope: "user"`: whose data; default the caller. */
    userId: Type.Optional(Id)
  },
  { $id: 'GdprExportData', additionalProperties: false }
)
export type GdprExportData = Static<typeof gdprExportDataSchema>

/** `POST /api/v1/gdpr/erase` (admins): one user of the tenant, or the whole tenant. */
export const gdprEraseDataSchema = Type.Union(
  [
    Type.Object({ userId: Id }, { additionalProperties: false }),
    Type.Object({ scope: Type.Literal('tenant') }, { additionalProperties: false })
  ],
  { $id: 'GdprEraseData' }
)
export type GdprEraseData = Static<typeof gdprEraseDataSchema>

export interface GdprExport {
  exportedAt: string
  scope: 'user' | 'tenant'
  tenantId: string
  userId?: string
  /** One section per place personal data lives (`profile`, `apiKeys`, `executions`, `auditEntries`, `chat`...). */
  data: Record<string, unknown>
}
