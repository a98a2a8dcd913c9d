// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest'
import { mount } from '@vue/test-utils'
import SchemaForm from './SchemaForm.vue'
import type { JsonSchema } from './schema-to-fields.ts'

const schema: JsonSchema = {
  type: 'object',
  properties: {
    ms: { type: 'integer', minimum: 0, title: 'Milliseconds', description: 'How long to wait' },
    toolId: { type: 'string', title: 'Tool' },
    cache: { type: 'boolean', title: 'Use cache' }
  },
  required: ['ms']
}

function render(props: Partial<InstanceType<typeof SchemaForm>['$props']> = {}) {
  return mount(SchemaForm, { props: { schema, modelValue: { ms: 100 }, ...props } })
}

describe('SchemaForm', () => {
  it('renders a labelled control per param, described by its hint', () => {
    const wrapper = render({ references: { tools: [{ value: 't1', label: 'add' }] } })
    const labels = wrapper.findAll('label.field__label, label.field--inline').map((label) => label.text())
    expect(labels).toEqual(['Milliseconds *', 'Tool', 'Use cache'])
    const input = wrapper.find('[data-field="ms"] input')
    expect((input.element as HTMLInputElement).value).toBe('100')
    expect(wrapper.find(`label[for="${input.attributes('id')}"]`).exists()).toBe(true)
    expect(wrapper.find(`#${input.attributes('aria-describedby')}`).text()).toBe('How long to wait')
    expect(wrapper.findAll('[data-field="toolId"] option').map((option) => option.text())).toEqual(['Any (default)', 'add'])
  })

  it('draws a searchable picker for an x-troupe-ref param, filtering by name, with a link to open the chosen record', async () => {
    const crews = Array.from({ length: 12 }, (_, index) => ({ value: `c${index}`, label: index === 7 ? 'Research crew' : `Crew ${index}` }))
    const wrapper = mount(SchemaForm, {
      props: { schema: { type: 'object', properties: { crewId: { type: 'string', title: 'Crew', 'x-troupe-ref': 'crews' } } }, modelValue: { crewId: 'c2' }, references: { crews } }
    })
    const search = wrapper.find('[data-field="crewId"] input[type="search"]')
    expect(search.attributes('aria-label')).toBe('Search crew by name')
    await search.setValue('research')
    // The chosen one stays listed, so the select never shows another.
    expect(wrapper.findAll('[data-field="crewId"] option').map((option) => option.text())).toEqual(['Any (default)', 'Crew 2', 'Research crew'])
    await wrapper.find('[data-field="crewId"] select').setValue('c7')
    expect(wrapper.emitted('update:modelValue')!.at(-1)).toEqual([{ crewId: 'c7' }])
    await wrapper.setProps({ modelValue: { crewId: 'c7' } })
    const open = wrapper.find('[data-field="crewId"] a')
    expect(open.attributes('href')).toBe('/crews/c7')
    expect(open.attributes('aria-label')).toBe('Open Research crew')
  })

  it('has no search box for a short list, and no link for a service without a page', () => {
    const wrapper = mount(SchemaForm, {
      props: { schema: { type: 'object', properties: { baseId: { type: 'string', 'x-troupe-ref': 'knowledge-bases' } } }, modelValue: { baseId: 'k1' }, references: { 'knowledge-bases': [{ value: 'k1', label: 'Handbook' }] } }
    })
    expect(wrapper.find('[data-field="baseId"] input[type="search"]').exists()).toBe(false)
    expect(wrapper.find('[data-field="baseId"] a').exists()).toBe(false)
    expect((wrapper.find('[data-field="baseId"] select').element as HTMLSelectElement).value).toBe('k1')
  })

  it('says when the chosen record is not in the workspace (a flow imported from another), once its records are read', async () => {
    const props = { schema: { type: 'object', properties: { agentId: { type: 'string', 'x-troupe-ref': 'agents' } } } as JsonSchema, modelValue: { agentId: 'a-elsewhere' } }
    const options = (wrapper: ReturnType<typeof mount>) => wrapper.findAll('[data-field="agentId"] option').map((option) => option.text())
    expect(options(mount(SchemaForm, { props }))).toEqual(['Any (default)', 'a-elsewhere'])
    expect(options(mount(SchemaForm, { props: { ...props, references: { agents: [{ value: 'a1', label: 'Helper' }] } } }))).toEqual(['Any (default)', 'Helper', 'a-elsewhere (not in this workspace)'])
  })

  it('inserts a value a field may read at the cursor: as a template in text, as it is in an expression', async () => {
    const schema: JsonSchema = {
      type: 'object',
      properties: { prompt: { type: 'string', title: 'Prompt' }, expression: { type: 'string', title: 'Expression', 'x-troupe-expression': true }, ms: { type: 'integer' } }
    }
    const wrapper = mount(SchemaForm, { props: { schema, modelValue: { prompt: 'Hello !' }, suggestions: ['input', 'input.city'] }, attachTo: document.body })
    const prompt = wrapper.find('[data-field="prompt"] textarea').element as HTMLTextAreaElement
    prompt.setSelectionRange(6, 6)
    await wrapper.find('[data-field="prompt"] select[aria-label="Insert a value"]').setValue('input.city')
    expect(wrapper.emitted('update:modelValue')!.at(-1)).toEqual([{ prompt: 'Hello {{ input.city }}!' }])
    await wrapper.find('[data-field="expression"] select').setValue('input.city')
    expect(wrapper.emitted('update:modelValue')!.at(-1)).toEqual([{ prompt: 'Hello !', expression: 'input.city' }])
    // Numbers take no values to insert.
    expect(wrapper.find('[data-field="ms"] select').exists()).toBe(false)
    wrapper.unmount()
  })

  it('offers the values as the user types inside {{ (arrows, Enter) and the paths of an expression (a click), and Escape closes them', async () => {
    const schema = {
      type: 'object',
      properties: { prompt: { type: 'string', title: 'Prompt' }, expression: { type: 'string', title: 'Expression', 'x-troupe-expression': true } }
    }
    const wrapper = mount(SchemaForm, { props: { schema, modelValue: {}, suggestions: ['input', 'input.city', 'nodes.fetch.output'] }, attachTo: document.body })
    const prompt = wrapper.find('[data-field="prompt"] textarea')
    await prompt.setValue('Weather in {{ in')
    expect(wrapper.findAll('[data-field="prompt"] [role="option"]').map((option) => option.text())).toEqual(['input', 'input.city'])
    expect(prompt.attributes('aria-activedescendant')).toBe(wrapper.find('[data-field="prompt"] [role="option"]').attributes('id'))
    await prompt.trigger('keydown', { key: 'ArrowDown' })
    expect(wrapper.find('[data-field="prompt"] [aria-selected="true"]').text()).toBe('input.city')
    await prompt.trigger('keydown', { key: 'Enter' })
    expect(wrapper.emitted('update:modelValue')!.at(-1)).toEqual([{ prompt: 'Weather in {{ input.city }}' }])
    expect(wrapper.find('[data-field="prompt"] [role="listbox"]').exists()).toBe(false)

    const expression = wrapper.find('[data-field="expression"] textarea')
    await expression.setValue('nodes.f')
    await wrapper.find('[data-field="expression"] [role="option"]').trigger('mousedown')
    expect(wrapper.emitted('update:modelValue')!.at(-1)).toEqual([{ expression: 'nodes.fetch.output' }])
    await expression.setValue('inp')
    expect(wrapper.find('[data-field="expression"] [role="listbox"]').exists()).toBe(true)
    await expression.trigger('keydown', { key: 'Escape' })
    expect(wrapper.find('[data-field="expression"] [role="listbox"]').exists()).toBe(false)
    wrapper.unmount()
  })

  it('emits parsed params as the user edits, removing cleared ones', async () => {
    const wrapper = render()
    await wrapper.find('[data-field="ms"] input').setValue('2500')
    await wrapper.find('[data-field="cache"] input').setValue(true)
    await wrapper.find('[data-field="toolId"] select').setValue('')
    const updates = wrapper.emitted('update:modelValue')!
    expect(updates[0]).toEqual([{ ms: 2500 }])
    expect(updates[1]).toEqual([{ ms: 100, cache: true }])
    expect(updates[2]).toEqual([{ ms: 100 }])
  })

  it('shows a local error for unreadable input without emitting, and server errors under their field', async () => {
    const wrapper = render({ errors: { toolId: 'unknown tool' } })
    await wrapper.find('[data-field="ms"] input').setValue('soon')
    expect(wrapper.emitted('update:modelValue')).toBeUndefined()
    expect(wrapper.find('[data-field="ms"] .field__error').text()).toContain('number')
    expect(wrapper.find('[data-field="ms"] input').attributes('aria-invalid')).toBe('true')
    expect(wrapper.find('[data-field="toolId"] .field__error').text()).toBe('unknown tool')
  })

  it('locks every control for read-only users', () => {
    const wrapper = render({ disabled: true })
    expect(wrapper.find('fieldset').attributes('disabled')).toBeDefined()
  })
})
