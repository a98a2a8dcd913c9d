// @vitest-environment happy-dom
import { describe, expect, it, vi } from 'vitest'
import { mount } from '@vue/test-utils'
import { nextTick } from 'vue'
import { announce } from '@troupe/mfe-kit'
import NoticeBar from './NoticeBar.vue'

describe('NoticeBar', () => {
  it('shows an announced notice in a polite status region for its time, then clears it', async () => {
    vi.useFakeTimers()
    const wrapper = mount(NoticeBar, { attachTo: document.body })
    expect(wrapper.attributes('role')).toBe('status')
    announce('The server asked to slow down: trying again in 2 s…', 2)
    await nextTick()
    expect(wrapper.text()).toBe('The server asked to slow down: trying again in 2 s…')
    vi.advanceTimersByTime(3100)
    await nextTick()
    expect(wrapper.text()).toBe('')
    wrapper.unmount()
    vi.useRealTimers()
  })
})
