import { Validator } from '@seriousme/openapi-schema-validator'
import { restPrefix, serviceTable } from '@troupe/sdk'
import { Ajv2020 } from 'ajv/dist/2020.js'
import addFormats from 'ajv-formats'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { rawRequest } from './security/hostile.js'
import { signupTenant, type TestTenant } from './tenants.js'
import { startTestServer, type TestServer } from './test-server.js'

// The API description is generated from what the running server registered: every service of
// the SDK's table, the plugins' among them, with schemas that match what the server answers.

let server: TestServer
let tenant: TestTenant
let document: any
let response: Response

/** Feathers' REST mapping, as docs/api.md states it: the expectation, written apart from the generator's. */
const verbOf = { find: 'get', get: 'get', create: 'post', update: 'put', patch: 'patch', remove: 'delete' } as const
const recordMethods = new Set(['get', 'update', 'patch', 'remove'])

function expectedOperations(): Array<{ path: string; verb: string }> {
  return Object.values(serviceTable).flatMap(({ path, methods }) =>
    methods.map((method) => ({
      path: `${restPrefix}/${path.replace(/:([A-Za-z]+)/g, '{$1}')}${recordMethods.has(method) ? '/{id}' : ''}`,
      verb: verbOf[method]
    }))
  )
}

/** Follows a local `$ref` (`#/components/schemas/Flow`) in the document. */
function resolve(node: any): any {
  if (!node?.$ref) return node
  return (node.$ref as string)
    .slice(2)
    .split('/')
    .reduce((at: any, key: string) => at?.[key], document)
}

/** Checks `value` against a schema of the document, its `$ref`s resolved within the document. */
function matchesDocument(schema: unknown, value: unknown): string | undefined {
  const ajv = new Ajv2020({ strict: false, allErrors: true })
  addFormats.default(ajv)
  const validate = ajv.compile({ ...(schema as object), components: document.components })
  return validate(value) ? undefined : ajv.errorsText(validate.errors)
}

const answerSchema = (path: string, verb: string, status: string) => document.paths[path][verb].responses[status].content['application/json'].schema

beforeAll(async () => {
  server = await startTestServer()
  tenant = await signupTenant(server.url)
  response = await fetch(`${server.url}${restPrefix}/openapi.json`)
  document = await response.json()
})
afterAll(() => server?.close())

describe('GET /api/v1/openapi.json', () => {
  it('is public JSON, cached by clients for a while and revalidated by its ETag', async () => {
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toMatch(/^application\/json/)
    expect(response.headers.get('cache-control')).toBe('public, max-age=300')
    const etag = response.headers.get('etag')!
    expect(etag).toMatch(/^W\/".+"$/)
    // node:http, since fetch sends `Cache-Control: no-cache` with a conditional request, which asks for the whole answer.
    const again = await rawRequest(server.url, `${restPrefix}/openapi.json`, { headers: { 'if-none-match': etag } })
    expect(again.status).toBe(304)
    expect(again.text).toBe('')
  })

  it('is a valid OpenAPI 3.1 document whose references all resolve', async () => {
    const validator = new Validator()
    const result = await validator.validate(structuredClone(document))
    expect(result.errors).toBeUndefined()
    expect(result.valid).toBe(true)
    expect(validator.version).toBe('3.1')
    expect(() => validator.resolveRefs()).not.toThrow()
    expect(document.openapi).toBe('3.1.0')
  })

  it('goes compressed, being larger than 8 KiB', async () => {
    const compressed = await fetch(`${server.url}${restPrefix}/openapi.json`, { headers: { 'accept-encoding': 'br, gzip' } })
    expect(['br', 'gzip']).toContain(compressed.headers.get('content-encoding'))
    expect(await compressed.json()).toEqual(document)
  })

  it("lists every path and method of the SDK's service table", () => {
    const expected = expectedOperations()
    expect(expected.length).toBeGreaterThan(60)
    const missing = expected.filter(({ path, verb }) => !document.paths[path]?.[verb]).map(({ path, verb }) => `${verb.toUpperCase()} ${path}`)
    expect(missing).toEqual([])
  })

  it("lists the plugins' services, marked with their plugin", () => {
    const crews = document.paths[`${restPrefix}/crews`]
    expect(crews.get['x-troupe-plugin']).toBe('crew')
    expect(crews.post.requestBody.content['application/json'].schema).toEqual({ $ref: '#/components/schemas/CrewData' })
    expect(document.paths[`${restPrefix}/approvals/{id}`].get['x-troupe-plugin']).toBe('flow-control')
    expect(document.paths[`${restPrefix}/flows`].get['x-troupe-plugin']).toBeUndefined()
  })

  it('describes records as components, referenced where they are answered', () => {
    expect(answerSchema(`${restPrefix}/flows/{id}`, 'get', '200')).toEqual({ $ref: '#/components/schemas/Flow' })
    const flow = resolve({ $ref: '#/components/schemas/Flow' })
    expect(flow.properties.nodes.type).toBe('array')
    expect(flow.properties.nodes.items.properties.type.type).toBe('string')
    expect(flow.$id).toBeUndefined()
    const page = answerSchema(`${restPrefix}/flows`, 'get', '200')
    expect(page.required).toEqual(['total', 'limit', 'skip', 'data'])
    expect(page.properties.data.items).toEqual({ $ref: '#/components/schemas/Flow' })
  })

  it('describes what the server really answers: a flow, a page of them, a new API key with its secret, a crew', async () => {
    const flow = await tenant.admin.http.post('/flows', { name: 'Described', nodes: [{ id: 'start', type: 'trigger.manual' }], edges: [] })
    expect(flow.status).toBe(201)
    expect(matchesDocument(answerSchema(`${restPrefix}/flows`, 'post', '201'), flow.body)).toBeUndefined()
    expect(matchesDocument(answerSchema(`${restPrefix}/flows/{id}`, 'get', '200'), (await tenant.admin.http.get(`/flows/${flow.body.id}`)).body)).toBeUndefined()
    expect(matchesDocument(answerSchema(`${restPrefix}/flows`, 'get', '200'), (await tenant.admin.http.get('/flows')).body)).toBeUndefined()
    const key = await tenant.admin.http.post('/api-keys', { name: 'described' })
    expect(key.status).toBe(201)
    expect(matchesDocument(answerSchema(`${restPrefix}/api-keys`, 'post', '201'), key.body)).toBeUndefined()
    // The listing never has the key: the record schema refuses one that does.
    expect(matchesDocument(answerSchema(`${restPrefix}/api-keys/{id}`, 'get', '200'), key.body)).toMatch(/additional properties/)
    const agent = await tenant.admin.http.post('/agents', { name: 'Scribe', role: 'writer', goal: 'write', backstory: 'none' })
    expect(agent.status).toBe(201)
    expect(matchesDocument(answerSchema(`${restPrefix}/agents`, 'post', '201'), agent.body)).toBeUndefined()
  })

  it("takes find's filters as query parameters, nested ones in bracket form", () => {
    const parameters = document.paths[`${restPrefix}/flows`].get.parameters as any[]
    const byName = Object.fromEntries(parameters.map((parameter) => [parameter.name, parameter]))
    expect(byName.$limit).toMatchObject({ in: 'query', schema: { type: 'number' } })
    expect(byName.$limit.style).toBeUndefined()
    expect(byName.$sort).toMatchObject({ in: 'query', style: 'deepObject', explode: true })
    expect(byName.name.style).toBe('deepObject')
  })

  it('turns route params into path parameters', () => {
    const rerun = document.paths[`${restPrefix}/executions/{executionId}/rerun`].post
    expect(rerun.parameters).toEqual([{ name: 'executionId', in: 'path', required: true, schema: { type: 'string' } }])
    expect(rerun.responses['201'].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/Execution' })
    expect(rerun.responses['404']).toEqual({ $ref: '#/components/responses/NotFound' })
  })

  it('asks for a bearer token except on the public calls, and documents error answers', () => {
    expect(document.security).toEqual([{ bearerAuth: [] }])
    expect(document.components.securitySchemes.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer' })
    expect(document.paths[`${restPrefix}/signup`].post.security).toEqual([])
    expect(document.paths[`${restPrefix}/authentication`].post.security).toEqual([])
    expect(document.paths['/health'].get.security).toEqual([])
    expect(document.paths[`${restPrefix}/hooks/{flowId}`].post.security).toEqual([{}, { bearerAuth: [] }])
    const find = document.paths[`${restPrefix}/flows`].get
    expect(find.security).toBeUndefined()
    for (const status of ['400', '401', '403', '429']) expect(find.responses[status].$ref).toMatch(/^#\/components\/responses\//)
    expect(document.paths[`${restPrefix}/flows/{id}`].get.responses['404']).toEqual({ $ref: '#/components/responses/NotFound' })
    expect(document.components.schemas.Error.required).toEqual(['name', 'message', 'code', 'className'])
  })

  it('describes the event stream and the webhook, which are not plain service calls', () => {
    const stream = document.paths[`${restPrefix}/executions/{executionId}/events`].get
    expect(Object.keys(stream.responses['200'].content)).toEqual(['text/event-stream'])
    const webhook = document.paths[`${restPrefix}/hooks/{flowId}`].post
    expect(Object.keys(webhook.requestBody.content)).toEqual(['application/json', 'application/x-www-form-urlencoded', 'text/plain'])
    expect(webhook.responses['202']).toBeDefined()
  })

  it('is the same document for anyone, caller or not', async () => {
    const asAdmin = await fetch(`${server.url}${restPrefix}/openapi.json`, { headers: { authorization: `Bearer ${tenant.admin.accessToken}` } })
    expect(asAdmin.headers.get('etag')).toBe(response.headers.get('etag'))
    expect(await asAdmin.json()).toEqual(document)
  })

  it('leaves every other path and method under /api/v1 as it was: not found', async () => {
    expect((await fetch(`${server.url}${restPrefix}/openapi.yaml`)).status).toBe(404)
    expect((await fetch(`${server.url}${restPrefix}/openapi.json/x`)).status).toBe(404)
    expect((await fetch(`${server.url}${restPrefix}/openapi.json`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } })).status).toBe(404)
  })
})

describe('GET /api/docs', () => {
  it('is a page whose scripts are files of this server, none inline', async () => {
    const page = await fetch(`${server.url}/api/docs`)
    expect(page.status).toBe(200)
    expect(page.headers.get('content-type')).toMatch(/^text\/html/)
    const scriptSrc = page.headers.get('content-security-policy')!.split(';').find((directive) => directive.trim().startsWith('script-src'))!
    expect(scriptSrc.trim()).toBe("script-src 'self'")
    const html = await page.text()
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)]
    expect(scripts.length).toBe(2)
    for (const [, attributes, body] of scripts) {
      expect(body.trim()).toBe('')
      expect(attributes).toMatch(/\bsrc="\/api\/docs\/[a-z0-9.-]+\.js"/)
    }
    expect(html).not.toMatch(/\son[a-z]+=/i)
    const sources = scripts.map(([, attributes]) => /src="([^"]+)"/.exec(attributes)![1])
    expect(sources).toEqual(['/api/docs/swagger-ui-bundle.js', '/api/docs/initializer.js'])
    const stylesheet = /<link rel="stylesheet" href="([^"]+)"/.exec(html)![1]
    const css = await fetch(`${server.url}${stylesheet}`)
    expect(css.status).toBe(200)
    expect(css.headers.get('content-type')).toMatch(/^text\/css/)
  })

  it('serves the bundle and the initializer as JavaScript, the initializer pointing at the description', async () => {
    const bundle = await fetch(`${server.url}/api/docs/swagger-ui-bundle.js`, { headers: { 'accept-encoding': 'br' } })
    expect(bundle.status).toBe(200)
    expect(bundle.headers.get('content-type')).toMatch(/^text\/javascript/)
    expect(bundle.headers.get('content-encoding')).toBe('br')
    expect(await bundle.text()).toContain('SwaggerUIBundle')
    const initializer = await fetch(`${server.url}/api/docs/initializer.js`)
    expect(initializer.status).toBe(200)
    expect(initializer.headers.get('content-type')).toMatch(/^text\/javascript/)
    const code = await initializer.text()
    expect(code).toContain('SwaggerUIBundle(')
    expect(code).toContain(`"${restPrefix}/openapi.json"`)
    expect(code).toContain('validatorUrl: null')
  })
})
