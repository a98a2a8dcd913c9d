// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest'
import { mount } from '@vue/test-utils'
import StickyNote from './StickyNote.vue'

const data = { noteId: 'note', text: 'Ask Dana first', color: 'yellow' as const, width: 240, height: 160 }

function render(readonly = false, zoom = 1) {
  return mount(StickyNote, { props: { data, selected: false, readonly, zoom } })
}

describe('StickyNote', () => {
  it('edits its text and colour, and asks to be deleted', async () => {
    const wrapper = render()
    const text = wrapper.get('textarea[aria-label="Note text"]')
    expect((text.element as HTMLTextAreaElement).value).toBe('Ask Dana first')
    await text.setValue('Ask Dana')
    await wrapper.get('button[aria-label="Blue"]').trigger('click')
    await wrapper.get('button[aria-label="Delete note"]').trigger('click')
    expect(wrapper.emitted('change')).toEqual([[{ text: 'Ask Dana' }], [{ color: 'blue' }]])
    expect(wrapper.emitted('remove')).toHaveLength(1)
    expect(wrapper.get('button[aria-label="Yellow"]').attributes('aria-pressed')).toBe('true')
  })

  it('resizes from its corner once let go, by the pointer\'s move at the canvas zoom, within the bounds', async () => {
    const wrapper = render(false, 2)
    const corner = wrapper.get('.sticky-note__corner')
    const at = (type: string, x: number, y: number) => corner.element.dispatchEvent(new PointerEvent(type, { clientX: x, clientY: y, pointerId: 1, bubbles: true }))
    at('pointerdown', 100, 100)
    at('pointermove', 300, 80)
    await wrapper.vm.$nextTick()
    expect(wrapper.get('.sticky-note').attributes('style')).toContain('width: 340px')
    expect(wrapper.emitted('change')).toBeUndefined()
    at('pointermove', 300, -100)
    at('pointerup', 300, -100)
    expect(wrapper.emitted('change')).toEqual([[{ width: 340, height: 60 }]])
  })

  it('shows a read-only user the text only', () => {
    const wrapper = render(true)
    expect(wrapper.get('textarea').attributes('readonly')).toBeDefined()
    expect(wrapper.findAll('button')).toHaveLength(0)
    expect(wrapper.find('.sticky-note__corner').exists()).toBe(false)
  })
})
