import { describe, expect, it } from 'vitest'
import { addTask, earlierTaskIds, keepAgents, moveTask, newTaskId, removeTask, renameTask, type TaskDraft } from './task-list.ts'

const task = (id: string, context: string[] = [], agentId = ''): TaskDraft => ({ key: id, id, description: `do ${id}`, expectedOutput: 'x', agentId, context, outputSchemaText: '' })
const ids = (tasks: TaskDraft[]) => tasks.map((item) => item.id)
const contexts = (tasks: TaskDraft[]) => Object.fromEntries(tasks.map((item) => [item.id, item.context]))

describe('task list', () => {
  const tasks = [task('research'), task('outline', ['research']), task('write', ['research', 'outline'])]

  it('offers only earlier tasks as context', () => {
    expect(earlierTaskIds(tasks, 0)).toEqual([])
    expect(earlierTaskIds(tasks, 2)).toEqual(['research', 'outline'])
  })

  it('reorders tasks and drops context references that would point forward', () => {
    const moved = moveTask(tasks, 2, 0)
    expect(ids(moved)).toEqual(['write', 'research', 'outline'])
    expect(contexts(moved)).toEqual({ write: [], research: [], outline: ['research'] })
    expect(moved[2]).toBe(tasks[1])
  })

  it('keeps references that stay backward when a task moves down', () => {
    const moved = moveTask(tasks, 0, 1)
    expect(ids(moved)).toEqual(['outline', 'research', 'write'])
    expect(contexts(moved)).toEqual({ outline: [], research: [], write: ['research', 'outline'] })
  })

  it('ignores moves past either end', () => {
    expect(moveTask(tasks, 0, -1)).toBe(tasks)
    expect(moveTask(tasks, 2, 3)).toBe(tasks)
  })

  it('removes a task and the references to it', () => {
    expect(contexts(removeTask(tasks, 0))).toEqual({ outline: [], write: ['outline'] })
  })

  it('renames a task and the references to it', () => {
    const renamed = renameTask(tasks, 0, 'find')
    expect(ids(renamed)).toEqual(['find', 'outline', 'write'])
    expect(contexts(renamed)).toEqual({ find: [], outline: ['find'], write: ['find', 'outline'] })
  })

  it('adds tasks with fresh ids and stable keys', () => {
    expect(newTaskId([{ id: 'task_2' }])).toBe('task_3')
    expect(newTaskId([{ id: 'task_1' }, { id: 'task_3' }])).toBe('task_4')
    const added = addTask(addTask([]))
    expect(ids(added)).toEqual(['task_1', 'task_2'])
    expect(new Set(added.map((item) => item.key)).size).toBe(2)
  })

  it('unassigns tasks whose agent left the crew', () => {
    expect(keepAgents([task('a', [], 'ag1'), task('b', [], 'ag2')], ['ag2']).map((item) => item.agentId)).toEqual(['', 'ag2'])
  })
})
