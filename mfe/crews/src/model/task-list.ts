import type { CrewTask } from '@troupe/sdk'

/** A task as the editor holds it: `key` stays the same through renames and moves (list keys, focus). */
export interface TaskDraft {
  key: string
  id: string
  description: string
  expectedOutput: string
  /** `''`: the crew's agents in turn. */
  agentId: string
  /** Earlier tasks whose outputs it receives; empty: the previous task (the runtime's default). */
  context: string[]
  /** JSON text of the task's output schema; empty for none. */
  outputSchemaText: string
}

let keys = 0
const nextKey = () => `task-draft-${++keys}`

/** The first `task_<n>` id not taken yet. */
export function newTaskId(tasks: Pick<TaskDraft, 'id'>[]): string {
  const taken = new Set(tasks.map((task) => task.id))
  let n = tasks.length + 1
  while (taken.has(`task_${n}`)) n++
  return `task_${n}`
}

export function emptyTask(tasks: Pick<TaskDraft, 'id'>[]): TaskDraft {
  return { key: nextKey(), id: newTaskId(tasks), description: '', expectedOutput: '', agentId: '', context: [], outputSchemaText: '' }
}

export function taskDraftFrom(task: CrewTask): TaskDraft {
  return {
    key: nextKey(),
    id: task.id,
    description: task.description,
    expectedOutput: task.expectedOutput,
    agentId: task.agentId ?? '',
    context: task.context ?? [],
    outputSchemaText: task.outputSchema ? JSON.stringify(task.outputSchema, null, 2) : ''
  }
}

/** Ids of the tasks before `index`: the only ones a task may take as context. */
export function earlierTaskIds(tasks: TaskDraft[], index: number): string[] {
  return tasks.slice(0, index).map((task) => task.id)
}

/** Drops every context reference that no longer points at an earlier task (after a move or removal). */
function pruneContext(tasks: TaskDraft[]): TaskDraft[] {
  return tasks.map((task, index) => {
    const earlier = new Set(earlierTaskIds(tasks, index))
    const context = task.context.filter((id) => earlier.has(id))
    return context.length === task.context.length ? task : { ...task, context }
  })
}

export function addTask(tasks: TaskDraft[]): TaskDraft[] {
  return [...tasks, emptyTask(tasks)]
}

export function removeTask(tasks: TaskDraft[], index: number): TaskDraft[] {
  return pruneContext(tasks.filter((_, at) => at !== index))
}

/** Moves the task at `from` to `to`; tasks that now come before their context lose those references. */
export function moveTask(tasks: TaskDraft[], from: number, to: number): TaskDraft[] {
  if (to < 0 || to >= tasks.length || from === to) return tasks
  const next = [...tasks]
  const [moved] = next.splice(from, 1)
  next.splice(to, 0, moved!)
  return pruneContext(next)
}

/** Renames a task and the context references to it. */
export function renameTask(tasks: TaskDraft[], index: number, id: string): TaskDraft[] {
  const previous = tasks[index]?.id
  return tasks.map((task, at) => {
    if (at === index) return { ...task, id }
    return task.context.includes(previous!) ? { ...task, context: task.context.map((ref) => (ref === previous ? id : ref)) } : task
  })
}

export function updateTask(tasks: TaskDraft[], index: number, patch: Partial<Omit<TaskDraft, 'key' | 'id'>>): TaskDraft[] {
  return tasks.map((task, at) => (at === index ? { ...task, ...patch } : task))
}

/** Agents no longer in the crew are unassigned from its tasks. */
export function keepAgents(tasks: TaskDraft[], agentIds: string[]): TaskDraft[] {
  const allowed = new Set(agentIds)
  return tasks.map((task) => (task.agentId && !allowed.has(task.agentId) ? { ...task, agentId: '' } : task))
}
