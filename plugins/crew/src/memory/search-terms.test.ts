import { describe, expect, it } from 'vitest'
import { anyWordQuery } from './search-terms.js'

describe('anyWordQuery', () => {
  it('ORs the distinct words of three letters or more, lower-cased', () => {
    expect(anyWordQuery('Research the Market; market size? EU')).toBe('research | the | market | size')
  })

  it('drops tsquery syntax, so nothing can be injected', () => {
    expect(anyWordQuery("x' & !(secret:*) <-> foo")).toBe('secret | foo')
  })

  it('keeps letters beyond ASCII', () => {
    expect(anyWordQuery('Überprüfung der Qualität')).toBe('überprüfung | der | qualität')
  })

  it('is undefined when no word is left', () => {
    expect(anyWordQuery('?? !! a b')).toBeUndefined()
  })
})
