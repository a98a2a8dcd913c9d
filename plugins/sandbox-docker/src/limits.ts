import type { ToolRunLimits } from '@troupe/sdk/plugin'

/**
 * What a run gets when its request leaves a limit out (or gives anything but a positive number).
 * `memoryMb` bounds the whole container, the language runtime included (Node alone takes ~40 MB),
 * hence a larger default than the embedded sandbox's.
 */
export const defaultLimits: Readonly<ToolRunLimits> = Object.freeze({
  timeoutMs: 5_000,
  memoryMb: 128,
  maxOutputBytes: 1024 * 1024
})

/** Time the language runtime gets to start inside a started container, on top of `timeoutMs`. */
export const runtimeStartMs = 500

/** The request's limits, with the defaults filling any gap. */
export function resolveLimits(limits: Partial<ToolRunLimits> | undefined): ToolRunLimits {
  const pick = (key: keyof ToolRunLimits): number => {
    const value = limits?.[key]
    return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : defaultLimits[key]
  }
  return { timeoutMs: pick('timeoutMs'), memoryMb: pick('memoryMb'), maxOutputBytes: pick('maxOutputBytes') }
}

export function timeoutError(timeoutMs: number): Error {
  return new Error(`Tool timed out after ${timeoutMs} ms`)
}

export function outOfMemoryError(memoryMb: number): Error {
  return new Error(`Tool ran out of memory (memoryMb limit of ${memoryMb} MB)`)
}

/** The error of a run whose result or logs outgrew `maxOutputBytes`. */
export function outputCapError(output: 'result' | 'logs', maxOutputBytes: number): Error {
  return new Error(`Tool ${output} exceeded the maxOutputBytes cap of ${maxOutputBytes} bytes`)
}

export function abortError(signal: AbortSignal): Error {
  return Object.assign(new Error('Tool run aborted', { cause: signal.reason }), { name: 'AbortError' })
}
