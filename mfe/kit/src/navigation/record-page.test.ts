import { describe, expect, it } from 'vitest'
import { recordPage } from './record-page.ts'

describe('recordPage', () => {
  it("links a record to its section's page, and nothing for services without one", () => {
    expect(recordPage('agents', 'a1')).toBe('/crews/agents/a1')
    expect(recordPage('crews', 'c/1')).toBe('/crews/c%2F1')
    expect(recordPage('flows', 'f1')).toBe('/flows/f1')
    expect(recordPage('knowledge-bases', 'k1')).toBeUndefined()
    expect(recordPage('constructor', 'x')).toBeUndefined()
    expect(recordPage('tools', '')).toBeUndefined()
  })
})
