import { describe, expect, it } from 'vitest'
import { titanProblemOf } from '../test/check-titan-request.js'

describe("the stand-in's check of Titan embedding requests", () => {
  it('takes the documented bodies of V2 and V1', () => {
    expect(titanProblemOf('amazon.titan-embed-text-v2:0', { inputText: 'hi', dimensions: 512, normalize: true })).toBeUndefined()
    expect(titanProblemOf('amazon.titan-embed-text-v1', { inputText: 'hi' })).toBeUndefined()
  })

  it('refuses what Bedrock refuses, in its words', () => {
    expect(titanProblemOf('amazon.titan-embed-text-v1', { inputText: 'hi', dimensions: 256 })).toMatch(/extraneous key \[dimensions\]/)
    expect(titanProblemOf('amazon.titan-embed-text-v2:0', { texts: ['hi'] })).toMatch(/extraneous key \[texts\]/)
    expect(titanProblemOf('amazon.titan-embed-text-v2:0', {})).toMatch(/required key \[inputText\]/)
    expect(titanProblemOf('amazon.titan-embed-text-v2:0', { inputText: '' })).toMatch(/minLength/)
    expect(titanProblemOf('amazon.titan-embed-text-v2:0', { inputText: 'hi', dimensions: 300 })).toMatch(/dimensions/)
    expect(titanProblemOf('amazon.titan-embed-text-v2:0', undefined)).toMatch(/Malformed input request/)
  })
})
