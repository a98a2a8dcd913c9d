import type { ChatMessage } from '@troupe/sdk/plugin'
import type { Toolbox } from './agent-toolbox.js'
import { AgentIterationLimitError } from './errors.js'
import { addUsage } from './usage.js'
import type { AgentDefinition, AgentStep, RuntimeServices, Usage } from './types.js'

/** An agent's conversation for one task: it grows across the loop and the corrective retry. */
export interface Conversation {
  messages: ChatMessage[]
  steps: AgentStep[]
  usage: Usage
  /** LLM calls made so far. */
  roundTrips: number
}

export interface ToolLoopOptions {
  agent: AgentDefinition
  toolbox: Toolbox
  services: RuntimeServices
  /** Stop (and fail) once `conversation.roundTrips` reaches this. */
  roundTripLimit: number
  /** The agent's configured limit, as the error names it. */
  maxIterations: number
}

/**
 * Calls the model, runs the tool calls it asks for, feeds the observations back, and repeats
 * until the model answers without a tool call; that answer is returned (and left in the
 * conversation as the assistant's last message).
 */
export async function runToolLoop(conversation: Conversation, options: ToolLoopOptions): Promise<string> {
  const { agent, toolbox, services } = options
  const { signal } = services
  const onToken = (token: string) => services.emit({ type: 'token', data: { token, agent: agent.name } })
  while (conversation.roundTrips < options.roundTripLimit) {
    signal.throwIfAborted()
    const reply = await services.llm.chat(
      {
        messages: [...conversation.messages],
        tools: toolbox.specs.length > 0 ? toolbox.specs : undefined,
        providerId: agent.providerId ?? undefined,
        model: agent.model ?? undefined
      },
      { signal, onToken }
    )
    conversation.roundTrips += 1
    addUsage(conversation.usage, { promptTokens: reply.usage.promptTokens, completionTokens: reply.usage.completionTokens, costUsd: reply.costUsd })
    if (reply.toolCalls.length === 0) {
      conversation.messages.push({ role: 'assistant', content: reply.text })
      return reply.text
    }
    if (reply.text.trim() !== '') recordStep(conversation, services, { type: 'agent.thought', agent: agent.name, text: reply.text })
    // The calls and the turn keep what their vendor needs back with them (`vendorData`).
    conversation.messages.push({ role: 'assistant', content: reply.text, toolCalls: reply.toolCalls, ...(reply.vendorData && { vendorData: reply.vendorData }) })
    // One call at a time: observations and events stay in the order the model asked for them.
    for (const call of reply.toolCalls) {
      const unreadable = call.argumentsError === undefined ? {} : { argumentsError: call.argumentsError }
      recordStep(conversation, services, { type: 'tool.call', agent: agent.name, tool: call.name, arguments: call.arguments, ...unreadable, callId: call.id })
      const observation = await toolbox.call(call, signal)
      const outcome = observation.error === undefined ? { result: observation.result } : { error: observation.error }
      recordStep(conversation, services, { type: 'tool.result', agent: agent.name, tool: call.name, callId: call.id, ...outcome })
      conversation.messages.push({ role: 'tool', content: observation.content, toolCallId: call.id, name: call.name })
    }
  }
  throw new AgentIterationLimitError(agent.name, options.maxIterations, conversation.usage)
}

function recordStep(conversation: Conversation, services: RuntimeServices, step: AgentStep): void {
  conversation.steps.push(step)
  const { type, ...data } = step
  services.emit({ type, data })
}
