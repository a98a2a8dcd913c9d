// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest'
import { h } from 'vue'
import { mount } from '@vue/test-utils'
import FormField from './FormField.vue'

describe('FormField', () => {
  it('names the control by its label only and describes it with the hint and error', () => {
    const wrapper = mount(FormField, {
      props: { label: 'Name', hint: 'Letters and digits', error: 'already taken', required: true },
      slots: { default: ({ id, describedBy, invalid }: { id: string; describedBy?: string; invalid: boolean }) => h('input', { id, 'aria-describedby': describedBy, 'aria-invalid': invalid }) }
    })
    const input = wrapper.find('input')
    const label = wrapper.find('label')
    expect(label.attributes('for')).toBe(input.attributes('id'))
    expect(label.text()).toBe('Name *')
    const described = input.attributes('aria-describedby')!.split(' ').map((id) => wrapper.find(`[id="${id}"]`).text())
    expect(described).toEqual(['Letters and digits', 'already taken'])
    expect(input.attributes('aria-invalid')).toBe('true')
  })

  it('describes nothing without hint or error', () => {
    const wrapper = mount(FormField, { props: { label: 'Email' }, slots: { default: ({ describedBy }: { describedBy?: string }) => h('input', { 'aria-describedby': describedBy }) } })
    expect(wrapper.find('input').attributes('aria-describedby')).toBeUndefined()
  })
})
