import type { CrewMemory } from '../types.js'

export interface RecordingCrewMemory extends CrewMemory {
  recalls: Array<{ crewId: string; query: string; limit: number }>
  remembered: Array<{ crewId: string; summary: string }>
}

/** A CrewMemory that recalls the given memories and records what it is asked to remember. */
export function inMemoryCrewMemory(memories: string[] = []): RecordingCrewMemory {
  const recalls: RecordingCrewMemory['recalls'] = []
  const remembered: RecordingCrewMemory['remembered'] = []
  return {
    recalls,
    remembered,
    async recall(crewId, query, limit) {
      recalls.push({ crewId, query, limit })
      return memories.slice(0, limit)
    },
    async remember(crewId, summary) {
      remembered.push({ crewId, summary })
    }
  }
}
