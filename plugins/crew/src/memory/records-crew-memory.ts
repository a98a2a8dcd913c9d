import type { RecordsClient } from '@troupe/sdk/plugin'
import type { CrewMemory } from '../runtime/types.js'

/**
 * The runtime's long-term memory, kept in the tenant's `crew-memories` service. What a run
 * remembers names that run (`executionId`): the summary is the data of whoever started it.
 */
export function recordsCrewMemory(records: RecordsClient, executionId: string): CrewMemory {
  return {
    async recall(crewId, query, limit) {
      const found = await records.find('crew-memories', { crewId, $search: query, $limit: limit })
      return found.map((memory) => String(memory.summary))
    },
    async remember(crewId, summary) {
      await records.create('crew-memories', { crewId, summary, executionId })
    }
  }
}
