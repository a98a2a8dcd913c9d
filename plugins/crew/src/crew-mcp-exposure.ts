import type { Crew } from '@troupe/sdk'
import type { McpExposure } from '@troupe/sdk/plugin'

const anyObject = { type: 'object', properties: {} }

/**
 * Crews marked `exposeViaMcp` are MCP tools (`crew_<name>`): a call runs the crew through its
 * execution entry (`{crewId, input}`), reports each finished task as progress and answers with the
 * crew's final text (every task's output stays in the execution).
 */
export const crewMcpExposure: McpExposure<Crew> = {
  service: 'crews',
  entryField: 'crewId',
  toolPrefix: 'crew',
  describe: (crew) => ({
    name: crew.name,
    description: crew.description || `Has the crew "${crew.name}" work through its tasks and returns its answer`,
    inputSchema: crew.inputSchema ?? anyObject,
    steps: crew.tasks.length
  }),
  progressEvent: 'task.completed',
  answer(output) {
    const text = (output as { text?: unknown } | null)?.text
    return typeof text === 'string' ? text : output
  }
}
