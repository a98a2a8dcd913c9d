import { describe, expect, it } from 'vitest'
import { asUnstorableProgress, UnstorableProgressError } from './unstorable-progress.js'

const pgError = (code: string, message: string) => Object.assign(new Error(message), { code, params: ['x'.repeat(1000)] })

describe('asUnstorableProgress', () => {
  it.each([
    ['a string too long to build', new RangeError('Invalid string length'), /too large to be written \(Invalid string length\)/],
    ['a value nested too deeply', new RangeError('Maximum call stack size exceeded'), /nested too deeply/],
    ['a value that contains itself', new TypeError('Converting circular structure to JSON\n    --> starting at object'), /cannot be written as JSON \(Converting circular structure to JSON\)$/],
    ['out of memory on the server', pgError('53200', 'out of memory'), /ran out of memory \(53200\)/],
    ['a jsonb value past its limit', pgError('54000', 'total size of jsonb array elements exceeds the maximum of 268435455 bytes'), /larger than the database can hold \(54000: total size/],
    ['an allocation PostgreSQL refuses', pgError('XX000', 'invalid memory alloc request size 1073741824'), /larger than the database can hold/],
    ['a value PostgreSQL refuses, after knex put the statement first', pgError('22P05', 'with x as (select 1) - unsupported Unicode escape sequence'), /refused a value \(22P05: unsupported Unicode escape sequence\)$/]
  ])('fails the execution for %s, with a short reason', (_name, error, reason) => {
    const unstorable = asUnstorableProgress(error)
    expect(unstorable).toBeInstanceOf(UnstorableProgressError)
    expect(unstorable!.message).toMatch(/^Could not store the execution's progress: /)
    expect(unstorable!.message).toMatch(reason)
    expect(unstorable!.message.length).toBeLessThan(300)
    expect(JSON.stringify(unstorable!.cause)).not.toContain('x'.repeat(100))
  })

  it.each([
    ['a lost connection', Object.assign(new Error('Connection terminated unexpectedly'), { code: 'ECONNRESET' })],
    ['a server shutting down', pgError('57P01', 'terminating connection due to administrator command')],
    ['a deadlock', pgError('40P01', 'deadlock detected')],
    ['a pool timeout', new Error('Knex: Timeout acquiring a connection. The pool is probably full.')],
    ['a lost lease', Object.assign(new Error('lost the lease'), { name: 'LeaseLostError' })]
  ])('leaves %s to the next runner', (_name, error) => {
    expect(asUnstorableProgress(error)).toBeUndefined()
  })

  it('says how large changes refused before writing were', () => {
    expect(UnstorableProgressError.tooLarge(1.5 * 1024 ** 3, 256 * 1024 ** 2).message).toBe(
      "Could not store the execution's progress: the nodes that finished together produced about 1.5 GiB of inputs, outputs and events, more than the 256 MiB one write may hold"
    )
  })
})
