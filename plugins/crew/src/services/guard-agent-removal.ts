import { Conflict } from '@feathersjs/errors'
import type { HookContext } from '@feathersjs/feathers'
import type { TenantTableService } from '@troupe/sdk/plugin'

/** An agent a crew still uses (as a member or its manager) cannot be removed: the crew would break. */
export function guardAgentRemoval(crews: TenantTableService) {
  return async (context: HookContext) => {
    const id = String(context.id)
    const using = (await crews
      .db(context.params)
      .select('name')
      .whereRaw('agent_ids @> ?::jsonb', [JSON.stringify([id])])
      .orWhere('manager_agent_id', id)) as Array<{ name: string }>
    if (using.length > 0) {
      const names = using.map((crew) => crew.name).join(', ')
      throw new Conflict(`Agent ${id} is used by crews: ${names}`, [{ field: 'id', message: `is used by crews: ${names}` }])
    }
  }
}
