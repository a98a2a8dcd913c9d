/** The error of a call its caller aborted; named `AbortError` like the platform's own. */
export function abortError(signal: AbortSignal): Error {
  return Object.assign(new Error('Tool run aborted', { cause: signal.reason }), { name: 'AbortError' })
}

/** The error of a call that outlived its `timeoutMs`. */
export function timeoutError(timeoutMs: number): Error {
  return new Error(`Tool timed out after ${timeoutMs} ms`)
}
