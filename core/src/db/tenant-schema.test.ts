import { describe, expect, it } from 'vitest'
import { tenantSchemaName } from './tenant-schema.js'

describe('tenantSchemaName', () => {
  it('derives a safe identifier from a UUID', () => {
    expect(tenantSchemaName('3F2504E0-4F89-11D3-9A0C-0305E82C3301')).toBe('tenant_3f2504e04f8911d39a0c0305e82c3301')
  })

  it('refuses anything that is not a UUID', () => {
    expect(() => tenantSchemaName('x"; drop schema public; --')).toThrow(/Not a tenant id/)
  })
})
