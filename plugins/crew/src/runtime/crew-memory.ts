import { truncate, type CompletedTask } from './crew-context.js'
import type { CrewDefinition, RuntimeServices } from './types.js'

const recalledMemories = 3
const maxSummaryChars = 2000
const inputChars = 500
const outputChars = 300

/** Long-term memories relevant to this run: none unless the crew has memory and the host gives a store. */
export async function recallMemories(crew: CrewDefinition, inputs: Record<string, unknown>, services: RuntimeServices): Promise<string[]> {
  if (!crew.memory || !services.memory) return []
  const query = [JSON.stringify(inputs), ...crew.tasks.map((task) => task.description)].join('\n')
  return services.memory.recall(crew.id, query, recalledMemories)
}

/**
 * Stores a compact summary of a successful run. Failing to store it loses a memory, not the
 * run's result, so that failure becomes a warning event instead of an error.
 */
export async function rememberRun(
  crew: CrewDefinition,
  inputs: Record<string, unknown>,
  tasks: CompletedTask[],
  services: RuntimeServices
): Promise<void> {
  if (!crew.memory || !services.memory) return
  try {
    await services.memory.remember(crew.id, summarizeRun(inputs, tasks))
  } catch (error) {
    if (services.signal.aborted) throw error
    services.emit({ type: 'log', data: { level: 'warn', message: `Crew ${crew.name} could not store its memory of this run: ${(error as Error).message}` } })
  }
}

/** Inputs plus each task's id and the start of its output, at most 2000 characters. */
export function summarizeRun(inputs: Record<string, unknown>, tasks: CompletedTask[]): string {
  const lines = [`Inputs: ${truncate(JSON.stringify(inputs), inputChars)}`, ...tasks.map((task) => `- ${task.taskId}: ${truncate(task.output, outputChars)}`)]
  return truncate(lines.join('\n'), maxSummaryChars)
}
