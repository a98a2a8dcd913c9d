import { describe, expect, it } from 'vitest'
import { safeNextPath } from './navigate.ts'

describe('safeNextPath', () => {
  it('keeps paths of this origin', () => {
    expect(safeNextPath('/flows/1?x=2')).toBe('/flows/1?x=2')
  })

  it('refuses other origins and oddities', () => {
    for (const next of ['https://evil.test/', '//evil.test', '/\\evil.test', 'javascript:alert(1)', '', null, undefined]) {
      expect(safeNextPath(next)).toBe('/')
    }
  })
})
