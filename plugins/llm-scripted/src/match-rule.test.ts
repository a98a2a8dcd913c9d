import { describe, expect, it } from 'vitest'
import { compileRules, matchRule } from './match-rule.js'

describe('matchRule', () => {
  it('expands numbered and named capture groups', () => {
    const rules = compileRules([{ match: 'my name is (?<name>\\w+) from (\\w+)', reply: 'Hi $<name> of $2 ($&)' }])
    expect(matchRule(rules, 'well, my name is Ada from London.')).toEqual({ text: 'Hi Ada of London (my name is Ada from London)' })
  })

  it('expands against the whole content, so lookbehinds and anchors still hold', () => {
    const rules = compileRules([{ match: '(?<=total: )(\\d+)$', reply: '$1 items' }])
    expect(matchRule(rules, 'total: 42')).toEqual({ text: '42 items' })
  })

  it('applies the rule flags', () => {
    const rules = compileRules([{ match: '^hello$', flags: 'im', reply: 'hi' }])
    expect(matchRule(rules, 'first line\nHELLO')).toEqual({ text: 'hi' })
    expect(matchRule(compileRules([{ match: '^hello$', reply: 'hi' }]), 'first line\nHELLO')).toBeUndefined()
  })

  it('names the index of an invalid pattern', () => {
    expect(() => compileRules([{ match: 'ok', reply: '' }, { match: '(unclosed', reply: '' }])).toThrow(
      /^rules\.1\.match is not a valid regular expression: /
    )
    expect(() => compileRules([{ match: 'ok', flags: 'ii', reply: '' }])).toThrow(/^rules\.0\.match is not a valid/)
  })
})
