// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest'
import { mount } from '@vue/test-utils'
import TaskListEditor from './TaskListEditor.vue'
import type { TaskDraft } from '../model/task-list.ts'

const task = (id: string, context: string[] = []): TaskDraft => ({ key: id, id, description: `do ${id}`, expectedOutput: 'x', agentId: '', context, outputSchemaText: '' })
const tasks = [task('research'), task('outline', ['research']), task('write', ['research', 'outline'])]

function render(props: Partial<InstanceType<typeof TaskListEditor>['$props']> = {}) {
  return mount(TaskListEditor, {
    props: { tasks, agents: [{ value: 'a1', label: 'Scout' }], assignAgents: true, errors: {}, ...props },
    attachTo: document.body
  })
}

const lastEmitted = (wrapper: ReturnType<typeof render>) => (wrapper.emitted('update:tasks')!.at(-1)![0] as TaskDraft[])

describe('TaskListEditor', () => {
  it('offers only earlier tasks as context', () => {
    const wrapper = render()
    const cards = wrapper.findAll('li.task-card')
    const contextOf = (index: number) => cards[index]!.findAll('fieldset.choice-list label').map((label) => label.text())
    expect(contextOf(0)).toEqual([])
    expect(cards[0]!.text()).toContain('The first task has no earlier task')
    expect(contextOf(1)).toEqual(['research'])
    expect(contextOf(2)).toEqual(['research', 'outline'])
    wrapper.unmount()
  })

  it('moves a task with its buttons and with Alt+Arrow, dropping forward references', async () => {
    const wrapper = render()
    await wrapper.get('[aria-label="Move task 3 up"]').trigger('click')
    let moved = lastEmitted(wrapper)
    expect(moved.map((item) => item.id)).toEqual(['research', 'write', 'outline'])
    expect(moved.map((item) => item.context)).toEqual([[], ['research'], ['research']])

    await wrapper.setProps({ tasks: moved })
    await wrapper.findAll('li.task-card')[0]!.trigger('keydown', { key: 'ArrowDown', altKey: true })
    moved = lastEmitted(wrapper)
    expect(moved.map((item) => item.id)).toEqual(['write', 'research', 'outline'])
    expect(moved[0]!.context).toEqual([])
    wrapper.unmount()
  })

  it('keeps focus on the moved task', async () => {
    const wrapper = render()
    await wrapper.get('[aria-label="Move task 2 down"]').trigger('click')
    await wrapper.setProps({ tasks: lastEmitted(wrapper) })
    await new Promise((resolve) => setTimeout(resolve))
    expect(document.activeElement?.closest('li')?.getAttribute('data-task-id')).toBe('outline')
    wrapper.unmount()
  })

  it('chooses context and adds and removes tasks', async () => {
    const wrapper = render()
    await wrapper.findAll('li.task-card')[2]!.find('input[value="outline"]').setValue(false)
    expect(lastEmitted(wrapper)[2]!.context).toEqual(['research'])
    await wrapper.get('[aria-label="Remove task 1"]').trigger('click')
    expect(lastEmitted(wrapper).map((item) => [item.id, item.context])).toEqual([
      ['outline', []],
      ['write', ['outline']]
    ])
    await wrapper.findAll('button').find((button) => button.text() === 'Add task')!.trigger('click')
    expect(lastEmitted(wrapper).map((item) => item.id)).toEqual(['research', 'outline', 'write', 'task_4'])
    wrapper.unmount()
  })

  it('shows the server error of a task field on that field', () => {
    const wrapper = render({ errors: { 'tasks.1.description': 'must NOT have fewer than 1 characters' } })
    const field = wrapper.findAll('li.task-card')[1]!.findAll('.field').find((item) => item.text().startsWith('Description'))!
    expect(field.get('.field__error').text()).toBe('must NOT have fewer than 1 characters')
    expect(field.get('textarea').attributes('aria-invalid')).toBe('true')
    wrapper.unmount()
  })

  it('is read only for viewers: no move, remove or add controls, every field disabled', () => {
    const wrapper = render({ disabled: true })
    expect(wrapper.findAll('button')).toHaveLength(0)
    expect(wrapper.findAll('fieldset.task-card__fields').every((fieldset) => fieldset.attributes('disabled') !== undefined)).toBe(true)
    wrapper.unmount()
  })
})
