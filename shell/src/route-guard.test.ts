import { describe, expect, it } from 'vitest'
import { isPublicPath, redirectFor } from './route-guard.ts'

const at = (path: string) => new URL(path, 'http://troupe.test')

describe('route guard', () => {
  it('knows the public pages', () => {
    expect(isPublicPath('/login')).toBe(true)
    expect(isPublicPath('/signup')).toBe(true)
    expect(isPublicPath('/loginx')).toBe(false)
    expect(isPublicPath('/flows')).toBe(false)
  })

  it('sends anonymous visitors to the login page, remembering where they were going', () => {
    expect(redirectFor(at('/flows/abc?tab=1'), false)).toBe('/login?next=%2Fflows%2Fabc%3Ftab%3D1')
    expect(redirectFor(at('/'), false)).toBe('/login')
    expect(redirectFor(at('/signup'), false)).toBeUndefined()
  })

  it('lets signed-in users through and moves them off the login page', () => {
    expect(redirectFor(at('/executions'), true)).toBeUndefined()
    expect(redirectFor(at('/login'), true)).toBe('/')
    expect(redirectFor(at('/login?next=%2Ftools'), true)).toBe('/tools')
    expect(redirectFor(at('/login?next=%2F%2Fevil.test'), true)).toBe('/')
  })

  it('opens a mailed verification link to anyone, signed in or not, without moving them', () => {
    expect(redirectFor(at('/verify-email?token=abc'), false)).toBeUndefined()
    expect(redirectFor(at('/verify-email?token=abc'), true)).toBeUndefined()
    expect(redirectFor(at('/verify-emailx'), false)).toBe('/login?next=%2Fverify-emailx')
  })
})
