import type { ExecutionEvent } from '@troupe/sdk'

/**
 * The text a node streamed, piece by piece, as its `token` events tell it. An `llm.failover` after
 * a partial answer takes that answer back (`discardStreamedTokens`, the last `discardedTokens`
 * pieces: docs/llm.md): the provider that takes over streams its whole answer again.
 */
export class StreamedTokens {
  private readonly pieces: string[] = []

  /** Applies a `token` or `llm.failover` event; other events change nothing. */
  apply(event: Pick<ExecutionEvent, 'type' | 'data'>): void {
    const data = event.data ?? {}
    if (event.type === 'token') this.pieces.push(typeof data.token === 'string' ? data.token : '')
    else if (event.type === 'llm.failover' && data.discardStreamedTokens === true) {
      const count = Number(data.discardedTokens)
      // `splice(-0)` would take everything back: only a positive whole number counts.
      if (Number.isInteger(count) && count > 0) this.pieces.splice(-count)
    }
  }

  get text(): string {
    return this.pieces.join('')
  }
}
