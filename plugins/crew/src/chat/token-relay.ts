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

  apply(event: Pick<ExecutionEvent, 'type' | 'data' | 'nodeId'>): RelayedPiece | undefined {
    const node = event.nodeId ?? ''
    if (event.type === 'token') {
      const index = this.next++
      this.indicesOf(node).push(index)
      return { token: typeof event.data?.token === 'string' ? event.data.token : '', index }
    }
    if (event.type !== 'llm.failover' || event.data?.discardStreamedTokens !== true) return undefined
    const count = Number(event.data.discardedTokens)
    // `splice(-0)` would take everything back: only a positive whole number counts.
    if (!Number.isInteger(count) || count <= 0) return undefined
    const discardIndices = this.indicesOf(node).splice(-count)
    return discardIndices.length ? { token: '', index: this.next++, discardIndices } : undefined
  }

  private indicesOf(node: string): number[] {
    let indices = this.byNode.get(node)
    if (!indices) this.byNode.set(node, (indices = []))
    return indices
  }
}
