import { assertMatchesSchema } from '@troupe/sdk/plugin/testing'
import { describe, expect, it } from 'vitest'
import { ollamaOptionsSchema } from './options-schema.js'

const check = (options: Record<string, unknown>) => () => assertMatchesSchema(ollamaOptionsSchema, options, 'options of ollama')

describe('ollama options schema', () => {
  it('takes keepAlive as a Go duration or a number of seconds', () => {
    for (const keepAlive of ['5m', '1h30m', '0', '-1m', '2.5h', '300ms', 0, 600, -1]) expect(check({ keepAlive })).not.toThrow()
  })

  it('refuses a keepAlive Ollama cannot parse', () => {
    for (const keepAlive of ['5 minutes', '10', 'forever', '', true]) expect(check({ keepAlive }), String(keepAlive)).toThrow(/keepAlive/)
  })

  it('takes a context window of whole tokens', () => {
    expect(check({ numCtx: 8192 })).not.toThrow()
    expect(check({ numCtx: 0 })).toThrow(/numCtx/)
    expect(check({ numCtx: 4096.5 })).toThrow(/numCtx/)
  })

  it('takes a temperature from 0 to 2', () => {
    expect(check({ temperature: 0.7 })).not.toThrow()
    expect(check({ temperature: 2.5 })).toThrow(/temperature/)
  })

  it('takes extra headers but not Authorization, in any case: the key goes in apiKey', () => {
    expect(check({ headers: { 'X-Route': 'gpu-2' } })).not.toThrow()
    expect(check({ headers: { Authorization: 'Bearer x' } })).toThrow(/headers/)
    expect(check({ headers: { authorization: 'Bearer x' } })).toThrow(/headers/)
    expect(check({ headers: { 'X-Route': 2 } })).toThrow(/headers/)
  })

  it('refuses an option it does not know (Ollama names such as keep_alive are spelt in camelCase here)', () => {
    expect(check({ keep_alive: '5m' })).toThrow()
  })
})
