// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest'
import { mount } from '@vue/test-utils'
import MessageComposer from './MessageComposer.vue'

const render = (props: Partial<InstanceType<typeof MessageComposer>['$props']> = {}) => mount(MessageComposer, { props: { streaming: false, sending: false, stopping: false, ...props } })

describe('MessageComposer', () => {
  it('sends on Enter and keeps Shift+Enter for a new line', async () => {
    const wrapper = render()
    const box = wrapper.get('textarea')
    expect(wrapper.get(`label[for="${box.attributes('id')}"]`).text()).toBe('Message')
    await box.setValue('line one')
    await box.trigger('keydown', { key: 'Enter', shiftKey: true })
    expect(wrapper.emitted('send')).toBeUndefined()
    await box.trigger('keydown', { key: 'Enter' })
    const [content, done] = wrapper.emitted('send')![0] as [string, () => void]
    expect(content).toBe('line one')
    done()
    await wrapper.vm.$nextTick()
    expect((box.element as HTMLTextAreaElement).value).toBe('')
  })

  it('does not send an empty message or while an IME composes', async () => {
    const wrapper = render()
    await wrapper.get('textarea').trigger('keydown', { key: 'Enter' })
    await wrapper.get('textarea').setValue('日本')
    await wrapper.get('textarea').trigger('keydown', { key: 'Enter', isComposing: true })
    expect(wrapper.emitted('send')).toBeUndefined()
  })

  it('offers Stop instead of Send while an answer streams', async () => {
    const wrapper = render({ streaming: true })
    await wrapper.get('textarea').setValue('next question')
    await wrapper.get('textarea').trigger('keydown', { key: 'Enter' })
    expect(wrapper.emitted('send')).toBeUndefined()
    expect(wrapper.findAll('button').map((button) => button.text())).toEqual(['Stop'])
    await wrapper.get('button').trigger('click')
    expect(wrapper.emitted('stop')).toHaveLength(1)
  })
})
