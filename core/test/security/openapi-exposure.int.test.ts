import { restPrefix } from '@troupe/sdk'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { signupTenant, type TestTenant } from '../tenants.js'
import { startTestServer, type TestServer } from '../test-server.js'
import { created, expectFreeOf, expectNoPollution, rawRequest } from './hostile.js'

/**
 * The API description and its viewer are public: anyone may read them, so they must hold nothing
 * but the shapes of the calls (no tenant's records, no secret of the server or of a tenant), serve
 * no file but the viewer's own, and shrug off whatever is sent with them.
 */

const metricsToken = 'metrics-LEAK-token-8f14e45fceea'
const tenantSecrets = {
  tenantName: 'Tenant-LEAK-name-c9f0f895fb98',
  flowName: 'Flow-LEAK-name-45c48cce2e2d',
  webhookSecret: 'hook-LEAK-secret-d3d9446802a4',
  providerKey: 'sk-LEAK-provider-key-6512bd43d9ca',
  toolSecret: 'tool-LEAK-secret-c20ad4d76fe9'
}
const documentPath = `${restPrefix}/openapi.json`

let server: TestServer
let tenant: TestTenant
let issued: Record<string, string>

beforeAll(async () => {
  // The provider and the tool point at loopback, which tenants may reach only when allowed.
  server = await startTestServer({ TROUPE_METRICS_TOKEN: metricsToken, TROUPE_ALLOW_LOOPBACK: 'true' })
  // Records, secrets and credentials exist before the description is first built.
  tenant = await signupTenant(server.url, tenantSecrets.tenantName)
  const flow = await created(tenant.admin, '/flows', { name: tenantSecrets.flowName, webhookSecret: tenantSecrets.webhookSecret, nodes: [{ id: 'hook', type: 'trigger.webhook' }], edges: [] })
  await created(tenant.admin, '/llm-providers', { name: 'Leaky provider', kind: 'openai', baseUrl: 'http://127.0.0.1:9/v1', model: 'm', apiKey: tenantSecrets.providerKey })
  await created(tenant.admin, '/tools', { name: 'leaky_tool', kind: 'http', http: { method: 'GET', url: 'http://127.0.0.1:9/x' }, secrets: { token: tenantSecrets.toolSecret } })
  const key = await created(tenant.admin, '/api-keys', { name: 'leaky key' })
  issued = {
    tenantId: tenant.id,
    flowId: flow.id,
    adminEmail: tenant.admin.email,
    adminPassword: tenant.admin.password,
    accessToken: tenant.admin.accessToken,
    refreshToken: tenant.admin.refreshToken,
    apiKey: key.key
  }
})
afterAll(() => server?.close())

describe('the API description', () => {
  it('is public, and holds no tenant data and no secret of the server or of a tenant', async () => {
    const anonymous = await rawRequest(server.url, documentPath)
    expect(anonymous.status).toBe(200)
    const serverSecrets = {
      secretKey: server.app.get('secretKey'),
      jwtSecret: server.app.get('authentication').secret as string,
      metricsToken,
      dataDir: server.app.get('config').dataDir
    }
    expectFreeOf(anonymous.text, { ...tenantSecrets, ...issued, ...serverSecrets }, 'the API description')
    // The same document for a logged-in admin: nothing of theirs is added.
    const asAdmin = await rawRequest(server.url, documentPath, { headers: { authorization: `Bearer ${tenant.admin.accessToken}` } })
    expect(asAdmin.text).toBe(anonymous.text)
  })

  it('ignores a huge or odd query string, and a request line too long is refused without harm', async () => {
    const reference = await rawRequest(server.url, documentPath)
    const odd = [
      '?__proto__[polluted]=1&constructor[prototype][polluted]=1',
      `?${'a[b]'.repeat(500)}=1`,
      `?${Array.from({ length: 1000 }, (_, index) => `$sort[f${index}]=1`).join('&')}`,
      '?%&%zz=%ff&=&&&',
      `?x=${'%00'.repeat(2000)}`
    ]
    for (const query of odd) {
      const answer = await rawRequest(server.url, `${documentPath}${query}`)
      expect(answer.status, query.slice(0, 60)).toBe(200)
      expect(answer.text).toBe(reference.text)
      const page = await rawRequest(server.url, `/api/docs${query}`, { headers: { accept: 'text/html' } })
      expect(page.status, query.slice(0, 60)).toBe(200)
    }
    expectNoPollution()
    const huge = await rawRequest(server.url, `${documentPath}?q=${'x'.repeat(64 * 1024)}`)
    expect([414, 431]).toContain(huge.status)
    expect((await rawRequest(server.url, documentPath)).text).toBe(reference.text)
  })

  it('is read only: other methods get what any unknown path of the API gets', async () => {
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) {
      const call = { method, headers: { 'content-type': 'application/json' }, ...(method === 'DELETE' ? {} : { body: '{}' }) }
      const answer = await rawRequest(server.url, documentPath, call)
      const unknown = await rawRequest(server.url, `${restPrefix}/no-such-service`, call)
      expect(answer.status, method).toBeGreaterThanOrEqual(400)
      expect({ status: answer.status, name: JSON.parse(answer.text).name }, method).toEqual({ status: unknown.status, name: JSON.parse(unknown.text).name })
    }
  })
})

describe('the API viewer', () => {
  it('serves no file outside its own, however the path is spelled', async () => {
    const attempts = [
      '/api/docs/../../package.json',
      '/api/docs/../../../core/package.json',
      '/api/docs/%2e%2e/%2e%2e/package.json',
      '/api/docs/%2E%2E%2F%2E%2E%2Fpackage.json',
      '/api/docs/..%2f..%2fpackage.json',
      '/api/docs/..%5c..%5cpackage.json',
      '/api/docs/%252e%252e/%252e%252e/package.json',
      '/api/docs/swagger-ui-bundle.js/../../../package.json',
      '/api/docs//etc/passwd',
      '/api/docs/%00swagger-ui-bundle.js',
      '/api/docs/swagger-ui-bundle.js%00.json',
      // Files of swagger-ui-dist the viewer does not use: its own package.json, its Petstore page.
      '/api/docs/package.json',
      '/api/docs/index.html',
      '/api/docs/swagger-initializer.js',
      '/api/docs/absolute-path.js',
      '/api/docs/swagger-ui-bundle.js.map'
    ]
    for (const path of attempts) {
      const answer = await rawRequest(server.url, path, { headers: { accept: '*/*' } })
      expect([400, 404], path).toContain(answer.status)
      expect(answer.text, path).not.toMatch(/"dependencies"|"version"|root:|petstore/)
    }
  })

  it('answers nothing but GET and HEAD', async () => {
    const head = await rawRequest(server.url, '/api/docs/swagger-ui-bundle.js', { method: 'HEAD' })
    expect(head.status).toBe(200)
    expect(head.text).toBe('')
    for (const method of ['POST', 'PUT', 'DELETE']) expect((await rawRequest(server.url, '/api/docs', { method })).status, method).toBe(404)
  })
})
