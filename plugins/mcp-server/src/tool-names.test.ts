import { describe, expect, it } from 'vitest'
import { flowToolName, uniqueNames } from './tool-names.js'

describe('flowToolName', () => {
  it.each([
    ['Summarise support ticket', 'flow_summarise_support_ticket'],
    ['  Crème brûlée -- recipe! ', 'flow_creme_brulee_recipe'],
    ['🚀', 'flow_unnamed']
  ])('%s → %s', (name, expected) => {
    expect(flowToolName(name)).toBe(expected)
    expect(flowToolName(name)).toMatch(/^[A-Za-z0-9_-]{1,64}$/)
  })

  it('stays within 64 characters', () => {
    expect(flowToolName('x'.repeat(200)).length).toBeLessThanOrEqual(64)
  })
})

describe('uniqueNames', () => {
  it('keeps the first of a name and suffixes the others with their id', () => {
    const entries = [
      { id: 'aaaaaaaa-1', name: 'report' },
      { id: 'bbbbbbbb-2', name: 'report' },
      { id: 'cccccccc-3', name: 'other' }
    ]
    expect(uniqueNames(entries).map((entry) => entry.name)).toEqual(['report', 'report_bbbbbbbb', 'other'])
  })
})
