import { createToolbox } from './agent-toolbox.js'
import { buildAgentMessages, buildCorrectionMessage } from './build-agent-messages.js'
import { StructuredOutputError } from './errors.js'
import { checkOutputSchema, parseStructuredAnswer } from './structured-output.js'
import { runToolLoop, type Conversation } from './tool-loop.js'
import type { AgentResult, RunAgentTaskOptions } from './types.js'
import { emptyUsage } from './usage.js'

const defaultMaxIterations = 10

/**
 * Has one agent do one task: builds its prompt, lets it call its tools (and `extraTools`) until it
 * gives a final answer, and checks that answer against the task's (or else the agent's) output
 * schema, with one corrective retry. Every step and token goes through `services.emit`.
 * Throws `AgentIterationLimitError` or `StructuredOutputError` when the agent cannot finish; an
 * abort rejects with the signal's AbortError.
 */
export async function runAgentTask({ agent, task, context, extraTools = [], services }: RunAgentTaskOptions): Promise<AgentResult> {
  const outputSchema = task.outputSchema ?? agent.outputSchema ?? undefined
  if (outputSchema) await checkOutputSchema(outputSchema, agent.name, services.logic)
  const maxIterations = agent.maxIterations >= 1 ? agent.maxIterations : defaultMaxIterations
  const toolbox = await createToolbox(agent, extraTools, services.tools, services.signal)
  const conversation: Conversation = {
    messages: buildAgentMessages({ agent, task, context, outputSchema, hasTools: toolbox.specs.length > 0 }),
    steps: [],
    usage: emptyUsage(),
    roundTrips: 0
  }
  const loop = (roundTripLimit: number) => runToolLoop(conversation, { agent, toolbox, services, roundTripLimit, maxIterations })

  const text = await loop(maxIterations)
  if (!outputSchema) return { text, steps: conversation.steps, usage: conversation.usage }

  let answer = await parseStructuredAnswer(text, outputSchema, services.logic)
  if (!answer.ok) {
    conversation.messages.push(buildCorrectionMessage(answer.problems, outputSchema))
    // The one correction is always granted a round trip, even when the answer came on the last one.
    answer = await parseStructuredAnswer(await loop(Math.max(maxIterations, conversation.roundTrips + 1)), outputSchema, services.logic)
    if (!answer.ok) throw new StructuredOutputError(agent.name, answer.problems, conversation.usage)
  }
  return { text: JSON.stringify(answer.value), output: answer.value, steps: conversation.steps, usage: conversation.usage }
}
