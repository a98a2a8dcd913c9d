import { describe, expect, it } from 'vitest'
import { redactUrl } from './redact-url.js'

describe('redactUrl', () => {
  it('hides the whole URL and its password, raw and decoded', () => {
    const url = 'mongodb://troupe:p%40ss-Secret@db.example:27017/troupe'
    expect(redactUrl(`cannot parse ${url}`, url)).toBe('cannot parse ***')
    expect(redactUrl('auth failed for p%40ss-Secret or p@ss-Secret', url)).toBe('auth failed for *** or ***')
    expect(redactUrl('connect ECONNREFUSED 127.0.0.1:27017', url)).toBe('connect ECONNREFUSED 127.0.0.1:27017')
  })

  it('leaves text alone when the URL has no password', () => {
    expect(redactUrl('no route to db.example', 'mongodb://db.example/troupe')).toBe('no route to db.example')
  })
})
