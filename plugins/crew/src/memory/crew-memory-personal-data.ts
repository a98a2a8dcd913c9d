import type { PersonalDataDeclaration } from '@troupe/sdk/plugin'
import type { CrewState, ExecutionFinder } from '../crew-state.js'

type Row = Record<string, unknown>

/** One JSON parameter however many runs a user started. */
const ofRuns = 'execution_id in (select (jsonb_array_elements_text(?::jsonb))::uuid)'

const internal = (params: Row) => ({ principal: params.principal })

async function runsOf(executions: ExecutionFinder, params: Row, userId: string): Promise<string> {
  const runs = (await executions.find({ ...internal(params), query: { startedBy: userId, $select: ['id'] }, paginate: false })) as Row[]
  return JSON.stringify(runs.map((run) => run.id))
}

/**
 * Crew memories are the data of whoever started the run they summarise (its inputs and the start
 * of its outputs, chats with a crew included): exported with that user, and deleted with it. The
 * user's runs are found through the core's executions, which still name the user when this
 * runs: the erasure calls plugins before the core. A tenant export carries every memory.
 */
export const crewMemoryPersonalData: PersonalDataDeclaration<CrewState> = {
  name: 'crewMemories',
  async export({ params, userId }, { state: { memories, executions } }) {
    const query = memories.db(internal(params)).select('id', 'crewId', 'summary', 'executionId', 'createdAt').orderBy('createdAt')
    return userId ? query.whereRaw(ofRuns, [await runsOf(executions, params, userId)]) : query
  },
  async erase({ params, userId }, { state: { memories, executions } }) {
    await memories.db(internal(params)).whereRaw(ofRuns, [await runsOf(executions, params, userId)]).delete()
  }
}
