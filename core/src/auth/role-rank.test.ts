import { describe, expect, it } from 'vitest'
import { isAtLeast, narrowerRole } from './role-rank.js'

describe('narrowerRole', () => {
  it('keeps the less privileged role', () => {
    expect(narrowerRole('admin', 'viewer')).toBe('viewer')
    expect(narrowerRole('viewer', 'admin')).toBe('viewer')
    expect(narrowerRole('member', null)).toBe('member')
  })

  it('ranks roles', () => {
    expect(isAtLeast('admin', 'member')).toBe(true)
    expect(isAtLeast('viewer', 'member')).toBe(false)
  })
})
