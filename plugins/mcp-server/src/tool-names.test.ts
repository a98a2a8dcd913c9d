import { describe, expect, it } from 'vitest'
import { exposedToolName, uniqueNames } from './tool-names.js'

describe('exposedToolName', () => {
  it.each([
    ['Summarise support ticket', 'flow_summarise_support_ticket'],
    ['  Crème brûlée -- recipe! ', 'flow_creme_brulee_recipe'],
    ['🚀', 'flow_unnamed']
  ])('%s → %s', (name, expected) => {
    expect(exposedToolName('flow', name)).toBe(expected)
    expect(exposedToolName('flow', name)).toMatch(/^[A-Za-z0-9_-]{1,64}$/)
  })

  it('stays within 64 characters, whatever the prefix', () => {
    expect(exposedToolName('flow', 'x'.repeat(200)).length).toBe(64)
    expect(exposedToolName('abcdefghijklmnop', 'x'.repeat(200)).length).toBe(64)
    expect(exposedToolName('crew', 'Support team')).toBe('crew_support_team')
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
