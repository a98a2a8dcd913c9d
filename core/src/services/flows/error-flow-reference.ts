import type { HookContext } from '../../declarations.js'
import { validationError } from '../../validation/ajv.js'

/** A flow's `errorFlowId` names another flow of the same tenant (checked before a save). */
export async function checkErrorFlow(context: HookContext) {
  const errorFlowId = (context.data as { errorFlowId?: string | null } | undefined)?.errorFlowId
  if (errorFlowId === undefined || errorFlowId === null) return
  if (context.method !== 'create' && errorFlowId === String(context.id)) {
    throw validationError('flow', [{ field: 'errorFlowId', message: 'cannot be the flow itself' }])
  }
  const found = (await context.app.service('flows')._find({
    principal: context.params.principal,
    query: { id: errorFlowId, $select: ['id'], $limit: 1 },
    paginate: false
  })) as unknown as unknown[]
  // Another tenant's flow and no flow at all read the same: nothing about other tenants shows.
  if (found.length === 0) throw validationError('flow', [{ field: 'errorFlowId', message: 'is not a flow of this tenant' }])
}

/** A removed flow is no longer anyone's error flow (in the removal's transaction). */
export async function forgetErrorFlow(context: HookContext) {
  const flow = context.result as { id: string }
  const trx = context.params.transaction?.trx ?? context.app.get('knex')
  await trx('flows').withSchema(context.params.principal!.tenantSchema).where({ errorFlowId: flow.id }).update({ errorFlowId: null })
}
