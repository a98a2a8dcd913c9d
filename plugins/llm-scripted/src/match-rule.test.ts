import { inProcessLogic } from '@troupe/sdk/logic'
import { describe, expect, it } from 'vitest'
import { checkRules, matchRule } from './match-rule.js'

const logic = inProcessLogic()

describe('matchRule', () => {
  it('expands numbered and named capture groups', async () => {
    const rules = [{ match: 'my name is (?<name>\\w+) from (\\w+)', reply: 'Hi $<name> of $2 ($&)' }]
    expect(await matchRule(rules, 'well, my name is Ada from London.', logic)).toEqual({ text: 'Hi Ada of London (my name is Ada from London)' })
  })

  it('expands against the whole content, so lookbehinds and anchors still hold', async () => {
    expect(await matchRule([{ match: '(?<=total: )(\\d+)$', reply: '$1 items' }], 'total: 42', logic)).toEqual({ text: '42 items' })
  })

  it('applies the rule flags', async () => {
    expect(await matchRule([{ match: '^hello$', flags: 'im', reply: 'hi' }], 'first line\nHELLO', logic)).toEqual({ text: 'hi' })
    expect(await matchRule([{ match: '^hello$', reply: 'hi' }], 'first line\nHELLO', logic)).toBeUndefined()
  })

  it('answers a tool call rule with its call', async () => {
    const toolCall = { name: 'lookup', arguments: { q: 1 } }
    expect(await matchRule([{ match: 'no', reply: 'x' }, { match: 'look', toolCall }], 'look it up', logic)).toEqual({ toolCall })
  })
})

describe('checkRules', () => {
  it('names the index of an invalid pattern', () => {
    expect(() => checkRules([{ match: 'ok', reply: '' }, { match: '(unclosed', reply: '' }])).toThrow(/^rules\.1\.match is not a valid regular expression: /)
    expect(() => checkRules([{ match: 'ok', flags: 'ii', reply: '' }])).toThrow(/^rules\.0\.match is not a valid/)
  })

  it('refuses nested quantifiers, which can backtrack for ever', () => {
    expect(() => checkRules([{ match: '^(a+)+$', reply: '' }])).toThrow(/^rules\.0\.match nests repetitions/)
    expect(() => checkRules([{ match: '(\\w+\\s?)*$', reply: '' }])).toThrow(/^rules\.0\.match nests repetitions/)
    expect(() => checkRules([{ match: 'my name is (?<name>\\w+)', reply: '' }])).not.toThrow()
  })
})
