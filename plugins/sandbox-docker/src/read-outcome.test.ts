import { describe, expect, it } from 'vitest'
import { readOutcome, type ContainerEnd } from './read-outcome.js'

const limits = { timeoutMs: 1_500, memoryMb: 32, maxOutputBytes: 100 }
const ended = (end: Partial<ContainerEnd>): ContainerEnd => ({ exitCode: 0, oomKilled: false, stderrTail: '', ...end })
const report = (outcome: object) => ended({ report: JSON.stringify(outcome) })

describe('readOutcome', () => {
  it('returns the reported result, null for none', () => {
    expect(readOutcome(report({ result: { sum: 3 } }), limits)).toEqual({ sum: 3 })
    expect(readOutcome(report({}), limits)).toBeNull()
  })

  it('turns a kill by the host into the limit it enforced', () => {
    expect(() => readOutcome(ended({ stoppedFor: 'timeout', exitCode: 137 }), limits)).toThrow('Tool timed out after 1500 ms')
    expect(() => readOutcome(ended({ stoppedFor: 'logs', exitCode: 137 }), limits)).toThrow('Tool logs exceeded the maxOutputBytes cap of 100 bytes')
    expect(() => readOutcome(ended({ stoppedFor: 'result', exitCode: 137 }), limits)).toThrow('Tool result exceeded the maxOutputBytes cap of 100 bytes')
  })

  it('recognises running out of memory', () => {
    const message = 'Tool ran out of memory (memoryMb limit of 32 MB)'
    expect(() => readOutcome(ended({ oomKilled: true, exitCode: 137 }), limits)).toThrow(message)
    expect(() => readOutcome(ended({ exitCode: 137 }), limits)).toThrow(message)
    expect(() => readOutcome(ended({ exitCode: 134, stderrTail: 'FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory\n' }), limits)).toThrow(message)
    expect(() => readOutcome(report({ error: { kind: 'memory', name: 'MemoryError', message: '' } }), limits)).toThrow(message)
  })

  it('words runner failures like the embedded sandbox', () => {
    const error = (kind: string, name: string | undefined, message: string) => () => readOutcome(report({ error: { kind, name, message } }), limits)
    expect(error('load', 'SyntaxError', 'Unexpected end of input')).toThrow('Invalid tool code: SyntaxError: Unexpected end of input')
    expect(error('call', 'Error', 'boom')).toThrow(/^Tool error: boom$/)
    expect(error('call', 'TypeError', 'fetch failed')).toThrow('Tool error: TypeError: fetch failed')
    expect(error('call', undefined, '"thrown string"')).toThrow('Tool error: "thrown string"')
    expect(error('export', undefined, 'Tool code must export a default function; its default export is undefined')).toThrow(
      /^Tool code must export a default function; its default export is undefined$/
    )
    expect(error('result', 'TypeError', 'Do not know how to serialize a BigInt')).toThrow('Tool result is not JSON-serializable: Do not know how to serialize a BigInt')
  })

  it('checks the result against the output cap', () => {
    expect(readOutcome(report({ result: 'x'.repeat(98) }), limits)).toHaveLength(98)
    expect(() => readOutcome(report({ result: 'x'.repeat(99) }), limits)).toThrow('Tool result exceeded the maxOutputBytes cap of 100 bytes')
  })

  it('says how a runtime that died without a report ended', () => {
    expect(() => readOutcome(ended({ exitCode: 1, stderrTail: 'trace\nError: bad thing\n' }), limits)).toThrow(
      'Tool process exited with code 1 without a result: Error: bad thing'
    )
    expect(() => readOutcome(ended({ exitCode: 0 }), limits)).toThrow(/^Tool process exited with code 0 without a result$/)
  })

  it('refuses a report that is not the runner protocol', () => {
    expect(() => readOutcome(ended({ report: 'not json' }), limits)).toThrow('Sandbox failure: the runner printed a report that is not a JSON object')
    expect(() => readOutcome(ended({ report: '{"error":{}}' }), limits)).toThrow('Sandbox failure: the runner reported an error without a message')
  })
})
