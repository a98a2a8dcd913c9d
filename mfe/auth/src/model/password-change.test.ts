import { describe, expect, it } from 'vitest'
import { passwordChangeProblems } from './password-change.ts'

const form = (currentPassword: string, password: string, confirmation = password) => ({ currentPassword, password, confirmation })

describe('passwordChangeProblems', () => {
  it('lets a complete, confirmed new password through', () => {
    expect(passwordChangeProblems(form('old password', 'a new password'))).toEqual({})
  })

  it('names each field that is wrong', () => {
    expect(passwordChangeProblems(form('', 'short', 'other'))).toEqual({
      currentPassword: 'Enter your current password.',
      password: 'Use at least 8 characters.',
      confirmation: 'Does not match the new password.'
    })
    expect(passwordChangeProblems(form('same password', 'same password')).password).toBe('Choose a password different from the current one.')
    expect(passwordChangeProblems(form('old password', 'x'.repeat(201))).password).toBe('Use at most 200 characters.')
  })
})
