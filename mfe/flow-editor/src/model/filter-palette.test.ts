import { describe, expect, it } from 'vitest'
import type { NodeTypeInfo } from '@troupe/sdk'
import { bestPaletteMatch, filterPalette } from './filter-palette.ts'

const type = (name: string, displayName: string, description = '') => ({ type: name, displayName, description }) as NodeTypeInfo
const categories = [
  { name: 'AI', items: [type('llm.prompt', 'LLM prompt', 'Asks a model'), type('crew.run', 'Run a crew', 'Has your crew work')] },
  { name: 'Utility', items: [type('util.delay', 'Delay', 'Waits')] }
]

describe('filterPalette', () => {
  it('keeps the node types matching every word, in name, type, description or category', () => {
    expect(filterPalette(categories, 'crew').map((category) => [category.name, category.items.map((item) => item.type)])).toEqual([['AI', ['crew.run']]])
    expect(filterPalette(categories, 'ai  model')[0].items.map((item) => item.type)).toEqual(['llm.prompt'])
    expect(filterPalette(categories, 'UTIL.DEL')[0].items.map((item) => item.type)).toEqual(['util.delay'])
    expect(filterPalette(categories, 'nothing like it')).toEqual([])
    expect(filterPalette(categories, '  ')).toEqual(categories)
  })

  it('adds on Enter the first type named by the words, before one that only mentions them', () => {
    const mentions = [{ name: 'Tools', items: [type('tool.call', 'Call a tool', 'Runs a tool and outputs its result')] }, { name: 'Flow', items: [type('flow.output', 'Output')] }]
    expect(bestPaletteMatch(filterPalette(mentions, 'output'), 'output')?.type).toBe('flow.output')
    expect(bestPaletteMatch(filterPalette(mentions, 'result'), 'result')?.type).toBe('tool.call')
    expect(bestPaletteMatch([], 'x')).toBeUndefined()
  })
})
