// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest'
import { mount } from '@vue/test-utils'
import NodeSettings from './NodeSettings.vue'

type Props = InstanceType<typeof NodeSettings>['$props']

function render(props: Partial<Props> = {}) {
  return mount(NodeSettings, { props: { timeoutMs: undefined, retry: undefined, readonly: false, ...props } })
}

const input = (wrapper: ReturnType<typeof render>, label: string) => {
  const found = wrapper.findAll('label').find((item) => item.text() === label)
  if (!found) throw new Error(`no label ${label}`)
  return wrapper.find(`#${found.attributes('for')}`)
}

describe('NodeSettings', () => {
  it('is its own titled section of labelled number inputs showing the node\'s settings', () => {
    const wrapper = render({ timeoutMs: 5000, retry: { max: 2, backoffMs: 250 } })
    expect(wrapper.find('section').attributes('aria-labelledby')).toBe(wrapper.find('h3').attributes('id'))
    expect(wrapper.find('h3').text()).toBe('Settings')
    expect(wrapper.findAll('label').map((label) => label.text())).toEqual(['Timeout (ms)', 'Retries', 'Retry backoff (ms)'])
    for (const [label, value] of [['Timeout (ms)', '5000'], ['Retries', '2'], ['Retry backoff (ms)', '250']]) {
      const field = input(wrapper, label!)
      expect(field.attributes('type')).toBe('number')
      expect((field.element as HTMLInputElement).value).toBe(value)
    }
  })

  it('emits the timeout and the retry as the user changes them, and unsets emptied ones', async () => {
    const wrapper = render({ timeoutMs: 5000 })
    await input(wrapper, 'Retries').setValue('3')
    await input(wrapper, 'Retry backoff (ms)').setValue('100')
    await input(wrapper, 'Timeout (ms)').setValue('')
    expect(wrapper.emitted('change')).toEqual([[{ retry: { max: 3 } }], [{ retry: { max: 3, backoffMs: 100 } }], [{ timeoutMs: undefined }]])
  })

  it('shows why a value is refused under its field, marks it invalid and does not apply it', async () => {
    const wrapper = render({ timeoutMs: 5000 })
    const timeout = input(wrapper, 'Timeout (ms)')
    await timeout.setValue('-10')
    expect(timeout.attributes('aria-invalid')).toBe('true')
    const message = wrapper.find(`#${timeout.attributes('aria-describedby')!.split(' ').at(-1)}`)
    expect(message.text()).toBe('must not be negative')
    expect(message.attributes('role')).toBe('alert')

    await input(wrapper, 'Retries').setValue('1.5')
    expect(wrapper.text()).toContain('must be a whole number')
    expect(wrapper.emitted('change')).toBeUndefined()

    await input(wrapper, 'Retries').setValue('1')
    expect(wrapper.emitted('change')).toEqual([[{ retry: { max: 1 } }]])
    expect(wrapper.text()).toContain('must not be negative')
  })

  it('shows the server\'s messages under their fields', () => {
    const wrapper = render({ errors: { 'retry.max': 'must be <= 20' } })
    expect(input(wrapper, 'Retries').attributes('aria-invalid')).toBe('true')
    expect(wrapper.text()).toContain('must be <= 20')
  })

  it('follows the node when it changes under the form (undo, redo)', async () => {
    const wrapper = render({ timeoutMs: 5000 })
    await wrapper.setProps({ timeoutMs: 750, retry: { max: 4 } })
    expect((input(wrapper, 'Timeout (ms)').element as HTMLInputElement).value).toBe('750')
    expect((input(wrapper, 'Retries').element as HTMLInputElement).value).toBe('4')
  })

  it('is read-only for viewers', () => {
    const wrapper = render({ readonly: true, timeoutMs: 5000 })
    expect(wrapper.find('fieldset').attributes('disabled')).toBeDefined()
  })
})
