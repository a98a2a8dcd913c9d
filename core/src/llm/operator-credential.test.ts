import { describe, expect, it } from 'vitest'
import { isOperatorEndpoint, operatorLlmEndpoint } from './operator-credential.js'

const operator = { openaiBaseUrl: 'https://gateway.example.com/openai/v1', openaiApiKey: 'sk-operator' }

describe('operatorLlmEndpoint', () => {
  it("is OPENAI_BASE_URL, OpenAI's API for a key alone, nothing without either", () => {
    expect(operatorLlmEndpoint(operator)).toBe('https://gateway.example.com/openai/v1')
    expect(operatorLlmEndpoint({ openaiApiKey: 'sk' })).toBe('https://api.openai.com/v1')
    expect(operatorLlmEndpoint({})).toBeUndefined()
  })
})

describe('isOperatorEndpoint', () => {
  it.each([
    ['https://gateway.example.com/openai/v1', true],
    ['https://gateway.example.com/openai/v1/', true],
    ['https://gateway.example.com/openai/v1/deployments/x', true],
    ['https://GATEWAY.example.com:443/openai/v1', true],
    ['https://gateway.example.com/openai/v1x', false],
    ['https://gateway.example.com/openai', false],
    ['https://gateway.example.com/other/v1', false],
    ['https://gateway.example.com/openai/v1/../../other', false],
    ['http://gateway.example.com/openai/v1', false],
    ['https://gateway.example.com:8443/openai/v1', false],
    ['https://gateway.example.com.evil.test/openai/v1', false],
    ['https://user:pw@gateway.example.com/openai/v1', false],
    ['https://attacker.test/openai/v1', false],
    ['not a url', false],
    [null, false]
  ])('%s: %s', (baseUrl, expected) => {
    expect(isOperatorEndpoint(baseUrl, operator)).toBe(expected)
  })

  it('is never true when the operator configures no provider', () => {
    expect(isOperatorEndpoint('https://api.openai.com/v1', {})).toBe(false)
  })
})
