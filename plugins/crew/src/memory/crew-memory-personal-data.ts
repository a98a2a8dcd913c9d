import type { PersonalDataHandler, ServiceParams, TenantTableService } from '@troupe/sdk/plugin'

type Row = Record<string, unknown>

/** The core's executions service, as far as finding a user's runs needs it. */
interface Executions {
  find(params: ServiceParams): Promise<unknown>
}

/** One JSON parameter however many runs a user started. */
const ofRuns = 'execution_id in (select (jsonb_array_elements_text(?::jsonb))::uuid)'

/**
 * Crew memories are the data of whoever started the run they summarise (its inputs and the start
 * of its outputs, chats with a crew included): exported with that user, and deleted with it. The
 * user's runs are found through the core's executions, which still name the user when this
 * runs: the erasure calls plugins before the core. A tenant export carries every memory.
 */
export function crewMemoryPersonalData(memories: Pick<TenantTableService, 'db'>, executions: () => Executions): PersonalDataHandler {
  const internal = (params: Row) => ({ principal: params.principal })
  const runsOf = async (params: Row, userId: string) => {
    const runs = (await executions().find({ ...internal(params), query: { startedBy: userId, $select: ['id'] }, paginate: false })) as Row[]
    return JSON.stringify(runs.map((run) => run.id))
  }
  return {
    name: 'crewMemories',
    async export({ params, userId }) {
      const query = memories.db(internal(params)).select('id', 'crewId', 'summary', 'executionId', 'createdAt').orderBy('createdAt')
      return userId ? query.whereRaw(ofRuns, [await runsOf(params, userId)]) : query
    },
    async erase({ params, userId }) {
      await memories.db(internal(params)).whereRaw(ofRuns, [await runsOf(params, userId)]).delete()
    }
  }
}
