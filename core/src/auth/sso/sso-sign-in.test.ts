import { describe, expect, it } from 'vitest'
import { emailDomain, roleFromGroups } from './sso-sign-in.js'

describe('roleFromGroups', () => {
  const settings = { defaultRole: 'viewer' as const, groupsClaim: 'groups', groupRoles: { builders: 'member' as const, owners: 'admin' as const } }

  it('takes the highest role any group maps to', () => {
    expect(roleFromGroups(settings, { groups: ['builders', 'owners', 'other'] })).toBe('admin')
    expect(roleFromGroups(settings, { groups: ['builders'] })).toBe('member')
  })

  it('falls back to the default role for unmapped, missing or malformed groups', () => {
    expect(roleFromGroups(settings, { groups: ['other'] })).toBe('viewer')
    expect(roleFromGroups(settings, {})).toBe('viewer')
    expect(roleFromGroups(settings, { groups: 'owners' })).toBe('viewer')
    expect(roleFromGroups(settings, { groups: ['__proto__', 'constructor'] })).toBe('viewer')
    expect(roleFromGroups({ ...settings, groupsClaim: null }, { groups: ['owners'] })).toBe('viewer')
  })
})

describe('emailDomain', () => {
  it('reads the domain of a plain address only', () => {
    expect(emailDomain('a@Example.TEST')).toBe('example.test')
    expect(emailDomain('a@b@example.test')).toBeUndefined()
    expect(emailDomain('example.test')).toBeUndefined()
  })
})
