import { describe, expect, it } from 'vitest'
import { byteLength, defaultLimits, outputCapError, resolveLimits } from './limits.js'

describe('resolveLimits', () => {
  it('defaults to 5 s, 64 MB and 1 MiB of output', () => {
    expect(resolveLimits(undefined)).toEqual({ timeoutMs: 5_000, memoryMb: 64, maxOutputBytes: 1_048_576 })
    expect(resolveLimits({})).toEqual(defaultLimits)
  })

  it('keeps positive numbers and replaces anything else', () => {
    expect(resolveLimits({ timeoutMs: 250, memoryMb: 8, maxOutputBytes: 100 })).toEqual({ timeoutMs: 250, memoryMb: 8, maxOutputBytes: 100 })
    expect(resolveLimits({ timeoutMs: 0, memoryMb: -1, maxOutputBytes: Number.NaN })).toEqual(defaultLimits)
    expect(resolveLimits({ timeoutMs: Infinity, memoryMb: '8' as never })).toEqual(defaultLimits)
  })
})

describe('output size', () => {
  it('counts UTF-8 bytes, not characters', () => {
    expect(byteLength('abc')).toBe(3)
    expect(byteLength('é€😀')).toBe(2 + 3 + 4)
  })

  it('names the cap in the error', () => {
    expect(outputCapError('result', 1000).message).toBe('Tool result exceeded the maxOutputBytes cap of 1000 bytes')
    expect(outputCapError('logs', 10).message).toBe('Tool logs exceeded the maxOutputBytes cap of 10 bytes')
  })
})
