import { describe, expect, it } from 'vitest'
import { abortError, defaultLimits, outOfMemoryError, outputCapError, resolveLimits, timeoutError } from './limits.js'

describe('resolveLimits', () => {
  it('defaults to 5 s, 128 MB and 1 MiB of output', () => {
    expect(resolveLimits(undefined)).toEqual({ timeoutMs: 5_000, memoryMb: 128, maxOutputBytes: 1_048_576 })
    expect(resolveLimits({})).toEqual(defaultLimits)
  })

  it('keeps positive numbers and replaces anything else', () => {
    expect(resolveLimits({ timeoutMs: 250, memoryMb: 32, maxOutputBytes: 100 })).toEqual({ timeoutMs: 250, memoryMb: 32, maxOutputBytes: 100 })
    expect(resolveLimits({ timeoutMs: 0, memoryMb: -1, maxOutputBytes: Number.NaN })).toEqual(defaultLimits)
    expect(resolveLimits({ timeoutMs: Infinity, memoryMb: '8' as never })).toEqual(defaultLimits)
  })
})

describe('limit errors', () => {
  it('name the limit that was hit', () => {
    expect(timeoutError(1500).message).toBe('Tool timed out after 1500 ms')
    expect(outOfMemoryError(32).message).toBe('Tool ran out of memory (memoryMb limit of 32 MB)')
    expect(outputCapError('result', 1000).message).toBe('Tool result exceeded the maxOutputBytes cap of 1000 bytes')
    expect(outputCapError('logs', 10).message).toBe('Tool logs exceeded the maxOutputBytes cap of 10 bytes')
  })

  it('marks an abort as an AbortError with the reason as cause', () => {
    const controller = new AbortController()
    controller.abort('enough')
    expect(abortError(controller.signal)).toMatchObject({ name: 'AbortError', message: 'Tool run aborted', cause: 'enough' })
  })
})
