import { describe, expect, it } from 'vitest'
import { isPlugin } from '@troupe/sdk/plugin'
import plugin from './index.js'

const nodeTypes = plugin.contributes?.nodeTypes ?? []

describe('plugin', () => {
  it('declares the core node types', () => {
    expect(isPlugin(plugin)).toBe(true)
    expect(plugin).toMatchObject({ id: 'nodes-core', version: '0.1.0', apiVersion: '^2.0.0' })
    expect(nodeTypes.map(({ type, category }) => [type, category])).toEqual([
      ['trigger.manual', 'Triggers'],
      ['trigger.webhook', 'Triggers'],
      ['llm.prompt', 'AI'],
      ['logic.condition', 'Logic'],
      ['data.transform', 'Data'],
      ['util.delay', 'Utility'],
      ['tool.call', 'Tools'],
      ['flow.output', 'Flow']
    ])
  })

  it.each(nodeTypes.map((nodeType) => [nodeType.type, nodeType] as const))('%s describes itself for the editor', (_type, nodeType) => {
    expect(nodeType.displayName).toBeTruthy()
    expect(nodeType.description.length).toBeGreaterThan(20)
    expect(nodeType.params).toMatchObject({ type: 'object', additionalProperties: false })
    for (const property of Object.values(nodeType.params.properties as Record<string, Record<string, unknown>>)) {
      expect(property).toMatchObject({ title: expect.any(String), description: expect.any(String) })
    }
    expect(nodeType.inputs).toEqual(nodeType.trigger ? [] : [{ name: 'main' }])
  })
})
