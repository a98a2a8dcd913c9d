// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest'
import { mount } from '@vue/test-utils'
import FlowVersionGraph from './FlowVersionGraph.vue'

const props = {
  nodes: [
    { id: 'in', type: 'trigger.manual', position: { x: 0, y: 0 }, label: 'Start' },
    { id: 'out', type: 'flow.output', position: { x: 260, y: 0 } }
  ],
  edges: [{ id: 'e', source: 'in', target: 'out' }],
  statuses: { in: 'succeeded' as const },
  selectedId: 'out',
  label: 'Graph of flow version 1 as it ran'
}

describe('FlowVersionGraph', () => {
  it('draws every node with its status and every edge, described as one picture', () => {
    const wrapper = mount(FlowVersionGraph, { props })
    const nodes = wrapper.findAll('[data-node-id]')
    expect(nodes.map((node) => [node.attributes('data-node-id'), node.attributes('data-status')])).toEqual([
      ['in', 'succeeded'],
      ['out', 'pending']
    ])
    expect(nodes[0]!.text()).toContain('Start')
    expect(nodes[1]!.classes()).toContain('flow-graph__node--selected')
    expect(wrapper.findAll('[data-edge-id]')).toHaveLength(1)
    expect(wrapper.find('svg').attributes('role')).toBe('img')
    expect(wrapper.find('svg').attributes('aria-label')).toBe('Graph of flow version 1 as it ran: Start succeeded, out pending')
  })

  it('draws the nodes a re-run kept from an earlier run as reused, keeping their status', () => {
    const wrapper = mount(FlowVersionGraph, { props: { ...props, reused: new Set(['in']) } })
    const first = wrapper.find('[data-node-id="in"]')
    expect(first.classes()).toContain('flow-graph__node--reused')
    expect(first.attributes('data-status')).toBe('succeeded')
    expect(first.text()).toContain('reused')
    expect(wrapper.find('[data-node-id="out"]').classes()).not.toContain('flow-graph__node--reused')
  })

  it('picks a node on click', async () => {
    const wrapper = mount(FlowVersionGraph, { props })
    await wrapper.find('[data-node-id="in"]').trigger('click')
    expect(wrapper.emitted('select')).toEqual([['in']])
  })
})
