import { describe, expect, it } from 'vitest'
import { StreamedTokens } from './streamed-tokens.ts'

const token = (text: string) => ({ type: 'token', data: { token: text } })
const failover = (data: Record<string, unknown>) => ({ type: 'llm.failover', data: { providerName: 'A', ...data } })

describe('StreamedTokens', () => {
  it('takes back the pieces a failed provider streamed, then keeps the backup’s answer', () => {
    const tokens = new StreamedTokens()
    for (const event of [token('Leaves'), token(' st'), failover({ discardStreamedTokens: true, discardedTokens: 2 }), token('Leaves '), token('steep.')]) tokens.apply(event)
    expect(tokens.text).toBe('Leaves steep.')
  })

  it('takes back only the failed call’s pieces, not what earlier calls streamed', () => {
    const tokens = new StreamedTokens()
    for (const event of [token('First answer. '), token('Sec'), failover({ discardStreamedTokens: true, discardedTokens: 1 }), token('Second answer.')]) tokens.apply(event)
    expect(tokens.text).toBe('First answer. Second answer.')
  })

  it('keeps everything for a failover before any token, an older event without the fields, or a count that is not a positive whole number', () => {
    const tokens = new StreamedTokens()
    for (const event of [token('kept'), failover({}), failover({ discardStreamedTokens: true, discardedTokens: 0 }), failover({ discardStreamedTokens: true, discardedTokens: 'x' }), { type: 'node.completed', data: {} }]) {
      tokens.apply(event)
    }
    expect(tokens.text).toBe('kept')
  })
})
