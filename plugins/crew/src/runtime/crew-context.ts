import type { CrewDefinition, CrewResult } from './types.js'

export type CompletedTask = CrewResult['tasks'][number]

// "Earlier results" are a reminder, not the material itself: the context tasks carry that in full.
const earlierResultChars = 500

/**
 * The context blocks of the task at `index`: memories recalled from earlier runs, then (with
 * `crew.memory`) a short reminder of this run's other finished tasks, then in full the outputs
 * of the tasks it takes context from (its `context` ids, by default the previous task).
 */
export function buildTaskContext(crew: CrewDefinition, index: number, completed: CompletedTask[], memories: string[]): string[] {
  const task = crew.tasks[index]
  const contextIds = task.context ?? (index > 0 ? [crew.tasks[index - 1].id] : [])
  const blocks: string[] = []
  if (memories.length > 0) blocks.push(`Relevant memories from earlier runs:\n${memories.map((memory) => `- ${memory}`).join('\n')}`)
  const earlier = crew.memory ? completed.filter((done) => !contextIds.includes(done.taskId)) : []
  if (earlier.length > 0) {
    blocks.push(`Earlier results in this run:\n${earlier.map((done) => `- ${done.taskId}: ${truncate(done.output, earlierResultChars)}`).join('\n')}`)
  }
  for (const id of contextIds) {
    const done = completed.find((entry) => entry.taskId === id)
    if (done) blocks.push(`Output of task ${id}:\n${done.output}`)
  }
  return blocks
}

export function truncate(text: string, maxChars: number): string {
  return text.length > maxChars ? `${text.slice(0, maxChars - 1)}…` : text
}
