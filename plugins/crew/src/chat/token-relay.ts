import type { ChatTokenEvent, ExecutionEvent } from '@troupe/sdk'

type RelayedPiece = Pick<ChatTokenEvent, 'token' | 'index' | 'discardIndices'>

/**
 * Turns an execution's `token` and `llm.failover` events into the pieces of one chat answer,
 * numbered from 0. A failover after a partial answer (`discardStreamedTokens`) becomes an empty
 * piece whose `discardIndices` names the pieces the failed provider streamed for that node, so a
 * client drops them before the next provider streams the answer again (docs/llm.md).
 */
export class TokenRelay {
  private next = 0
  /** The indices each node's pieces were relayed under, for a later take-back. */
  private readonly byNode = new Map<string, number[]>()
  /** The pieces relayed and not taken back, by index. */
  private readonly kept = new Map<number, string>()

  apply(event: Pick<ExecutionEvent, 'type' | 'data' | 'nodeId'>): RelayedPiece | undefined {
    const node = event.nodeId ?? ''
    if (event.type === 'token') {
      const index = this.next++
      const token = typeof event.data?.token === 'string' ? event.data.token : ''
      this.indicesOf(node).push(index)
      this.kept.set(index, token)
      return { token, index }
    }
    if (event.type !== 'llm.failover' || event.data?.discardStreamedTokens !== true) return undefined
    const count = Number(event.data.discardedTokens)
    // `splice(-0)` would take everything back: only a positive whole number counts.
    if (!Number.isInteger(count) || count <= 0) return undefined
    const discardIndices = this.indicesOf(node).splice(-count)
    for (const index of discardIndices) this.kept.delete(index)
    return discardIndices.length ? { token: '', index: this.next++, discardIndices } : undefined
  }

  /** The answer as a client has it so far: the pieces relayed and not taken back, in order. */
  text(): string {
    return [...this.kept.values()].join('')
  }

  private indicesOf(node: string): number[] {
    let indices = this.byNode.get(node)
    if (!indices) this.byNode.set(node, (indices = []))
    return indices
  }
}
