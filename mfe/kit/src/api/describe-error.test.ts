import { describe, expect, it } from 'vitest'
import { describeError } from './describe-error.ts'

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
