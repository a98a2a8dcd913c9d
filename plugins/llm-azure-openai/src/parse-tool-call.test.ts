import { describe, expect, it } from 'vitest'
import { parseToolCall } from './parse-tool-call.js'

describe('parseToolCall', () => {
  it('parses a JSON object, and reads no arguments as none', () => {
    expect(parseToolCall({ id: 'call_1', name: 'get_weather', arguments: '{"city":"Oslo"}' })).toEqual({ id: 'call_1', name: 'get_weather', arguments: { city: 'Oslo' } })
    expect(parseToolCall({ id: 'call_2', name: 'now', arguments: ' ' })).toEqual({ id: 'call_2', name: 'now', arguments: {} })
  })

  it('hands back arguments that are not a JSON object as an argumentsError quoting them', () => {
    expect(parseToolCall({ id: 'call_1', name: 'add', arguments: '{"a":6,' })).toEqual({
      id: 'call_1',
      name: 'add',
      arguments: {},
      argumentsError: expect.stringMatching(/ \(arguments: \{"a":6,\)$/)
    })
    expect(parseToolCall({ id: 'call_2', name: 'add', arguments: '[1,2]' }).argumentsError).toBe('expected a JSON object, got an array (arguments: [1,2])')
    expect(parseToolCall({ id: 'call_3', name: 'add', arguments: 'null' }).argumentsError).toBe('expected a JSON object, got null (arguments: null)')
  })

  it('quotes at most 200 characters', () => {
    const { argumentsError } = parseToolCall({ id: 'call_1', name: 'write', arguments: `{"text":"${'x'.repeat(500)}` })
    expect(argumentsError).toMatch(/x…\)$/)
    expect(argumentsError!.length).toBeLessThan(300)
  })
})
