import type { ChatMessage } from '@troupe/sdk/plugin'
import type { AgentDefinition, AgentTask } from './types.js'

export interface AgentPrompt {
  agent: AgentDefinition
  task: AgentTask
  context: string[]
  /** The schema the final answer must match, if any (the task's or the agent's). */
  outputSchema?: Record<string, unknown>
  /** Whether the agent is offered tools, so the prompt only mentions tools when there are some. */
  hasTools: boolean
}

/**
 * The opening of an agent's conversation, worded as CrewAI words it (models and prompt authors
 * know these phrasings): who the agent is in the system message, the task, its expected output
 * and the context in the user message. Tools travel as native tool specs, not in the prompt.
 */
export function buildAgentMessages({ agent, task, context, outputSchema, hasTools }: AgentPrompt): ChatMessage[] {
  return [
    { role: 'system', content: systemPrompt(agent, outputSchema, hasTools) },
    { role: 'user', content: taskPrompt(task, context, hasTools) }
  ]
}

function systemPrompt(agent: AgentDefinition, outputSchema: Record<string, unknown> | undefined, hasTools: boolean): string {
  const lines = [`You are ${agent.role}. ${agent.backstory}`.trim(), `Your personal goal is: ${agent.goal}`, '']
  if (hasTools) lines.push('Use the tools you are given when they help; their results come back to you as tool messages.')
  lines.push(
    outputSchema
      ? `When you have the final answer, reply with it directly, without calling a tool, as a JSON value and nothing else, matching this JSON Schema:\n${JSON.stringify(outputSchema)}`
      : 'When you have the final answer, reply with it directly, in plain text, without calling a tool.'
  )
  return lines.join('\n')
}

function taskPrompt(task: AgentTask, context: string[], hasTools: boolean): string {
  const parts = [
    `Current Task: ${task.description}`,
    `This is the expected criteria for your final answer: ${task.expectedOutput}\nYou MUST return the actual complete content as the final answer, not a summary.`
  ]
  const blocks = context.filter((block) => block.trim() !== '')
  if (blocks.length > 0) parts.push(`This is the context you're working with:\n${blocks.join('\n\n')}`)
  parts.push(`Begin! This is VERY important to you, ${hasTools ? 'use the tools available and ' : ''}give your best Final Answer, your job depends on it!`)
  return parts.join('\n\n')
}

/** The one corrective message sent when a structured answer does not match its schema. */
export function buildCorrectionMessage(problems: string[], outputSchema: Record<string, unknown>): ChatMessage {
  return {
    role: 'user',
    content:
      `Your final answer does not match the required JSON Schema: ${problems.join('; ')}.\n` +
      `Reply again with only the corrected JSON value, matching this JSON Schema:\n${JSON.stringify(outputSchema)}`
  }
}
