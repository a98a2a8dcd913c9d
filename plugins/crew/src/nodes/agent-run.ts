import { referenceAnnotation, type NodeType } from '@troupe/sdk/plugin'
import { loadAgent } from '../load-definitions.js'
import { runAgentTask } from '../runtime/index.js'
import { runtimeServicesOf } from './runtime-services.js'

export interface AgentRunParams {
  agentId: string
  prompt: string
}

/** One agent working on one request, with its tools, until it has a final answer. */
export const agentRunNode: NodeType<AgentRunParams> = {
  type: 'agent.run',
  displayName: 'Run an agent',
  description: 'Gives a request to one of your agents, which reasons and calls its tools until it has a final answer.',
  category: 'AI',
  params: {
    type: 'object',
    properties: {
      agentId: { type: 'string', format: 'uuid', title: 'Agent', description: 'The agent that does the work', [referenceAnnotation]: 'agents' },
      prompt: {
        type: 'string',
        minLength: 1,
        title: 'Request',
        description: 'What to do; templates such as {{ input.question }} are filled in first'
      }
    },
    required: ['agentId', 'prompt'],
    additionalProperties: false
  },
  inputs: [{ name: 'main' }],
  outputs: [{ name: 'main' }],
  async execute(context) {
    const { params, services } = context
    const agent = await loadAgent(services.records, params.agentId)
    const result = await runAgentTask({
      agent,
      task: { description: params.prompt, expectedOutput: 'A complete, direct answer to the request.' },
      context: [],
      services: runtimeServicesOf(context as never)
    })
    return { output: { text: result.text, ...(result.output !== undefined ? { output: result.output } : {}), steps: result.steps, usage: result.usage } }
  }
}
