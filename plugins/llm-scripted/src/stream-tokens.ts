import { setTimeout as sleep } from 'node:timers/promises'

const tokenPattern = /^\s+|\S+\s*/g

/** Splits a reply into words that keep their trailing whitespace, so the tokens join back into the reply. */
export function splitTokens(text: string): string[] {
  return text.match(tokenPattern) ?? []
}

export function abortError(): Error {
  const error = new Error('The chat was aborted')
  error.name = 'AbortError'
  return error
}

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw abortError()
}

/** Emits `text` token by token, pausing `delayMs` between tokens, until done or `signal` aborts. */
export async function streamTokens(
  text: string,
  onToken: (token: string) => void,
  { delayMs, signal }: { delayMs: number; signal?: AbortSignal }
): Promise<void> {
  for (const [index, token] of splitTokens(text).entries()) {
    if (index > 0 && delayMs > 0) await sleep(delayMs, undefined, { signal }).catch(() => undefined)
    throwIfAborted(signal)
    onToken(token)
  }
}
