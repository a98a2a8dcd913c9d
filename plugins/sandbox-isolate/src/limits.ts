import type { ToolRunLimits } from '@troupe/sdk/plugin'

/** What a run gets when its request leaves a limit out (or gives anything but a positive number). */
export const defaultLimits: Readonly<ToolRunLimits> = Object.freeze({
  timeoutMs: 5_000,
  memoryMb: 64,
  maxOutputBytes: 1024 * 1024
})

/**
 * QuickJS's own stack budget. Its recursion also spends Node's native stack (about twice as much
 * for plain calls, far more while parsing), so a larger budget lets Node's stack overflow first.
 */
export const maxStackBytes = 256 * 1024

/** The request's limits, with the defaults filling any gap. */
export function resolveLimits(limits: Partial<ToolRunLimits> | undefined): ToolRunLimits {
  const pick = (key: keyof ToolRunLimits): number => {
    const value = limits?.[key]
    return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : defaultLimits[key]
  }
  return { timeoutMs: pick('timeoutMs'), memoryMb: pick('memoryMb'), maxOutputBytes: pick('maxOutputBytes') }
}

export function byteLength(text: string): number {
  return Buffer.byteLength(text, 'utf8')
}

/** The error of a run whose result or logs outgrew `maxOutputBytes`. */
export function outputCapError(output: 'result' | 'logs', maxOutputBytes: number): Error {
  return new Error(`Tool ${output} exceeded the maxOutputBytes cap of ${maxOutputBytes} bytes`)
}
