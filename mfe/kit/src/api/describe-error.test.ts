import { describe, expect, it } from 'vitest'
import { describeError, fieldError, fieldErrors } from './describe-error.ts'

describe('describeError', () => {
  it('keeps the message, code and field list of a Feathers validation error', () => {
    const error = {
      name: 'BadRequest',
      code: 400,
      message: 'Invalid flow: nodes.1.params.ms must be integer',
      data: [{ field: 'nodes.1.params.ms', message: 'must be integer' }, { nonsense: true }]
    }
    expect(describeError(error)).toEqual({
      message: 'Invalid flow: nodes.1.params.ms must be integer',
      code: 400,
      fields: [{ field: 'nodes.1.params.ms', message: 'must be integer' }]
    })
  })

  it('gives a generic message for errors without one', () => {
    expect(describeError(undefined)).toEqual({ message: 'Something went wrong', code: 0, fields: [] })
    expect(describeError(new Error(''))).toMatchObject({ message: 'Something went wrong' })
    expect(describeError('offline')).toMatchObject({ message: 'offline' })
  })
})

describe('fieldErrors', () => {
  const error = {
    code: 400,
    message: 'Invalid data',
    data: [
      { field: 'tasks.0.description', message: 'must NOT have fewer than 1 characters' },
      { field: 'toolIds.1', message: 'is not a tool of this tenant' },
      { field: 'toolIds.1', message: 'second message' }
    ]
  }

  it('maps each named field to its first message', () => {
    expect(fieldErrors(error)).toEqual({ 'tasks.0.description': 'must NOT have fewer than 1 characters', 'toolIds.1': 'is not a tool of this tenant' })
    expect(fieldErrors(new Error('offline'))).toEqual({})
  })

  it('finds the message of a field or of anything inside it', () => {
    const errors = fieldErrors(error)
    expect(fieldError(errors, 'toolIds')).toBe('is not a tool of this tenant')
    expect(fieldError(errors, 'tasks.0.description')).toBe('must NOT have fewer than 1 characters')
    expect(fieldError(errors, 'tasks.0.expectedOutput')).toBeUndefined()
    expect(fieldError(errors, 'tool')).toBeUndefined()
  })
})
