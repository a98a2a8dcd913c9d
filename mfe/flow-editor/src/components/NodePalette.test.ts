// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest'
import { mount } from '@vue/test-utils'
import type { NodeTypeInfo } from '@troupe/sdk'
import NodePalette from './NodePalette.vue'

const type = (name: string, displayName: string) => ({ type: name, displayName, description: '' }) as NodeTypeInfo
const categories = [
  { name: 'AI', items: [type('llm.prompt', 'LLM prompt'), type('crew.run', 'Run a crew')] },
  { name: 'Utility', items: [type('util.delay', 'Delay')] }
]

describe('NodePalette', () => {
  it('filters as the user types, adds the first match on Enter and clears the search', async () => {
    const wrapper = mount(NodePalette, { props: { categories, dragMime: 'x' } })
    const search = wrapper.find('input[type="search"]')
    await search.setValue('crew')
    expect(wrapper.findAll('[data-node-type]').map((item) => item.attributes('data-node-type'))).toEqual(['crew.run'])
    await search.trigger('keydown', { key: 'Enter' })
    expect(wrapper.emitted('add')).toEqual([['crew.run']])
    expect((search.element as HTMLInputElement).value).toBe('')
    expect(wrapper.findAll('[data-node-type]')).toHaveLength(3)
    await search.setValue('zzz')
    expect(wrapper.find('[role="status"]').text()).toContain('No node type matches')
    await search.trigger('keydown', { key: 'Enter' })
    expect(wrapper.emitted('add')).toHaveLength(1)
  })
})
