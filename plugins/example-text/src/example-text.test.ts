import { describe, expect, it } from 'vitest'
import { runNode } from '@troupe/sdk/plugin/testing'
import plugin, { changeCaseNode, textStatsNode } from './index.js'

describe('text.change-case', () => {
  it.each([
    ['upper', 'Hello world', 'HELLO WORLD'],
    ['lower', 'Hello World', 'hello world'],
    ['title', 'the quick-brown fox', 'The Quick-Brown Fox'],
    ['snake', 'userAccount ID number', 'user_account_id_number'],
    ['kebab', 'Hello, wide World!', 'hello-wide-world']
  ] as const)('%s', async (mode, text, expected) => {
    const result = await runNode(changeCaseNode, { params: { text, mode } })
    expect(result.output).toEqual({ text: expected })
  })

  it('refuses params outside its schema, as the host would', async () => {
    await expect(runNode(changeCaseNode, { params: { text: 'x', mode: 'shout' as never } })).rejects.toThrow(/mode must be equal to one of the allowed values/)
    await expect(runNode(changeCaseNode, { params: { mode: 'upper' } as never })).rejects.toThrow(/text must have required property/)
  })
})

describe('text.stats', () => {
  it('counts', async () => {
    const result = await runNode(textStatsNode, { params: { text: 'One two. Three four five!\nSix?' } })
    expect(result.output).toEqual({ characters: 30, words: 6, lines: 2, sentences: 3 })
    expect(result.logs).toHaveLength(1)
  })

  it('handles empty text', async () => {
    expect((await runNode(textStatsNode, { params: { text: '' } })).output).toEqual({ characters: 0, words: 0, lines: 0, sentences: 0 })
  })
})

describe('plugin', () => {
  it('declares its contributions', () => {
    expect(plugin.id).toBe('example-text')
    expect(plugin.contributes?.nodeTypes?.map((nodeType) => nodeType.type)).toEqual(['text.change-case', 'text.stats'])
  })
})
