import { describe, expect, it } from 'vitest'
import type { Principal } from '../declarations.js'
import { defineAbility, scopeQuery } from './define-ability.js'
import { contentPermissions, PermissionRegistry } from './permission-registry.js'

const principal = (role: Principal['role']): Principal => ({
  userId: 'u1',
  tenantId: 't1',
  tenantSchema: 'tenant_t1',
  role
})

function registry() {
  const permissions = new PermissionRegistry()
  permissions.declare('flows', contentPermissions)
  permissions.declare('users', (p, { allow }) => {
    if (p.role === 'admin') allow(['read', 'create', 'update', 'delete'])
    else {
      allow('read', { where: { id: p.userId } })
      allow('update', { where: { id: p.userId }, fields: ['name', 'password'] })
    }
  })
  return permissions
}

describe('defineAbility', () => {
  it('lets viewers read content but not change it', () => {
    const ability = defineAbility(principal('viewer'), registry())
    expect(ability.can('read', 'flows')).toBe(true)
    expect(ability.can('create', 'flows')).toBe(false)
    expect(ability.can('delete', 'flows')).toBe(false)
  })

  it('lets members build content', () => {
    const ability = defineAbility(principal('member'), registry())
    expect(ability.can('update', 'flows')).toBe(true)
  })

  it('denies subjects nobody declared', () => {
    const ability = defineAbility(principal('admin'), registry())
    expect(ability.can('read', 'secrets')).toBe(false)
  })

  it('limits fields', () => {
    const ability = defineAbility(principal('member'), registry())
    expect(ability.can('update', 'users', 'name')).toBe(true)
    expect(ability.can('update', 'users', 'role')).toBe(false)
  })
})

describe('scopeQuery', () => {
  it('is unlimited for an unconditional rule', () => {
    expect(scopeQuery(defineAbility(principal('admin'), registry()), 'read', 'users')).toBeNull()
  })

  it('turns conditions into an $or', () => {
    expect(scopeQuery(defineAbility(principal('viewer'), registry()), 'read', 'users')).toEqual({
      $or: [{ id: 'u1' }]
    })
  })

  it('is false when nothing is allowed', () => {
    expect(scopeQuery(defineAbility(principal('viewer'), registry()), 'delete', 'users')).toBe(false)
  })
})

describe('scopeQuery with field rules', () => {
  it('scopes a field-limited rule by its conditions', () => {
    expect(scopeQuery(defineAbility(principal('member'), registry()), 'update', 'users')).toEqual({
      $or: [{ id: 'u1' }]
    })
  })
})
