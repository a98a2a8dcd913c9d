import type { Execution } from '@troupe/sdk'

/**
 * What an execution ran, in words: its flow or crew by name (a removed one said so), or, for a run
 * with neither (the graph a chat builds to answer a message), a chat answer. Without crew names
 * (a view that reads none), a crew's run is just that.
 */
export function executionTitle(execution: Pick<Execution, 'flowId' | 'crewId'>, names: { flows: Record<string, string>; crews?: Record<string, string> }): string {
  if (execution.crewId) return names.crews ? (names.crews[execution.crewId] ?? 'A deleted crew') : 'A crew run'
  if (execution.flowId) return names.flows[execution.flowId] ?? 'A deleted flow'
  return 'Chat answer'
}
