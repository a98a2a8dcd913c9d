import type { ChatSession } from '@troupe/sdk'

/** What the assistant is asked: the message, the earlier turns, and both as one prompt. */
export interface AnswerInput {
  message: string
  history: Array<{ role: string; content: string }>
  prompt: string
}

/**
 * How a session's answer runs, as an execution: a flow gets the input as is; a crew runs through
 * `{crewId}` (its tasks can use `{message}`, `{history}`, `{prompt}`); an agent runs in a one-node
 * graph whose request is the prompt.
 */
export function answerRequest(session: ChatSession, input: AnswerInput): { data: Record<string, unknown>; graph?: object } {
  if (session.flowId) return { data: { flowId: session.flowId, input } }
  if (session.crewId) return { data: { crewId: session.crewId, input } }
  return {
    data: { input },
    graph: {
      nodes: [
        { id: 'start', type: 'trigger.manual' },
        { id: 'agent', type: 'agent.run', params: { agentId: session.agentId, prompt: '{{ input.prompt }}' } },
        { id: 'answer', type: 'flow.output' }
      ],
      edges: [
        { id: 'start-agent', source: 'start', target: 'agent' },
        { id: 'agent-answer', source: 'agent', target: 'answer' }
      ]
    }
  }
}

/** The text of an answer: an agent's or crew's `text`, a flow's string output, else its JSON. */
export function answerText(output: unknown): string {
  if (typeof output === 'string') return output
  if (output && typeof output === 'object' && typeof (output as { text?: unknown }).text === 'string') return (output as { text: string }).text
  return JSON.stringify(output ?? null)
}
