import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { NodeEvent } from '@troupe/sdk/plugin'
import { loadPrincipal } from '../src/auth/load-principal.js'
import { createLlmClient } from '../src/llm/llm-gateway.js'
import { waitForExecution } from './flows-graph.js'
import { created, waitFor } from './security/hostile.js'
import { signupTenant, type TestTenant } from './tenants.js'
import { startTestServer, type TestServer } from './test-server.js'
import { vendorStandIns, type VendorStandIn } from './vendor-stand-ins.js'

/**
 * The vendor provider plugins inside Troupe, each against a stand-in that speaks its vendor's real
 * wire protocol: a failover across three vendors (the first rate-limited, the second overloaded,
 * the third answers) with events naming each step; and, through every vendor, a chat answer and a
 * crew run. The stand-ins listen on 127.0.0.1, which providers may reach only when allowed.
 */
let server: TestServer
const standIns: Partial<Record<keyof typeof vendorStandIns, VendorStandIn>> = {}

beforeAll(async () => {
  for (const [kind, start] of Object.entries(vendorStandIns)) standIns[kind as keyof typeof vendorStandIns] = await start()
  server = await startTestServer({ TROUPE_ALLOW_LOOPBACK: 'true' })
}, 60_000)
afterAll(async () => {
  await server?.close()
  await Promise.all(Object.values(standIns).map((standIn) => standIn?.close()))
})

/** A tenant whose only enabled providers are these stand-ins, in this order. */
async function tenantWith(...vendors: VendorStandIn[]): Promise<TestTenant & { providerIds: string[] }> {
  const tenant = await signupTenant(server.url)
  for (const provider of (await tenant.admin.http.get('/llm-providers')).body.data) await tenant.admin.http.patch(`/llm-providers/${provider.id}`, { enabled: false })
  const providerIds: string[] = []
  for (const [index, vendor] of vendors.entries()) {
    const provider = await created(tenant.admin, '/llm-providers', { name: `${vendor.kind} stand-in`, kind: vendor.kind, ...vendor.record, priority: index + 1 })
    providerIds.push(provider.id)
  }
  return Object.assign(tenant, { providerIds })
}

describe('vendor provider plugins in Troupe', () => {
  it('fails over across three vendors: rate-limited, then overloaded, then an answer, each step named', async () => {
    const [anthropic, mistral, gemini] = [standIns.anthropic!, standIns.mistral!, standIns.gemini!]
    const tenant = await tenantWith(anthropic, mistral, gemini)
    anthropic.answer({ failure: 'rate_limited', retryAfterSeconds: 20 })
    mistral.answer({ failure: 'overloaded' })
    gemini.answer({ text: 'Gemini answers.' })
    const events: NodeEvent[] = []
    const { principal } = await loadPrincipal(server.app.get('models'), { userId: tenant.admin.id })
    const llm = createLlmClient(server.app, { principal, emit: (event) => events.push(event) })
    const tokens: string[] = []
    const answer = await llm.chat({ messages: [{ role: 'user', content: 'Who answers?' }] }, { onToken: (token) => tokens.push(token) })
    expect(answer).toMatchObject({ text: 'Gemini answers.', providerId: tenant.providerIds[2] })
    expect(tokens.join('')).toBe('Gemini answers.')
    expect(events.map((event) => [event.type, event.data.providerName, event.data.failure, event.data.nextProviderName])).toEqual([
      ['llm.failover', 'anthropic stand-in', 'rate_limited', 'mistral stand-in'],
      ['llm.failover', 'mistral stand-in', 'overloaded', 'gemini stand-in']
    ])
    expect(events[0]!.data).toMatchObject({ status: 429, retryAfterMs: 20_000 })
    expect(JSON.stringify(events)).not.toContain(anthropic.record.apiKey)
    // The rate-limited vendor rests for this tenant: the next call starts with the overloaded one.
    mistral.answer({ text: 'Mistral answers now.' })
    expect((await llm.chat({ messages: [{ role: 'user', content: 'Again?' }] })).text).toBe('Mistral answers now.')
  })

  for (const kind of Object.keys(vendorStandIns) as Array<keyof typeof vendorStandIns>) {
    it(`answers a chat and runs a crew through ${kind}`, async () => {
      const vendor = standIns[kind]!
      const tenant = await tenantWith(vendor)
      const agent = await created(tenant.admin, '/agents', { name: 'Helper', role: 'Assistant', goal: 'Help', providerId: tenant.providerIds[0] })

      vendor.answer({ text: `Chat answer from ${kind}.` })
      const session = await created(tenant.admin, '/chat-sessions', { agentId: agent.id, title: `With ${kind}` })
      await created(tenant.admin, '/chat-messages', { sessionId: session.id, content: 'Hello' })
      const answered = await waitFor(async () => {
        const page = await tenant.admin.http.get(`/chat-messages?sessionId=${session.id}&role=assistant&status=complete`)
        return page.body.data[0] as { content: string } | undefined
      })
      expect(answered.content).toBe(`Chat answer from ${kind}.`)

      vendor.answer({ text: `Crew report from ${kind}.` })
      const crew = await created(tenant.admin, '/crews', {
        name: `Crew on ${kind}`,
        process: 'sequential',
        agentIds: [agent.id],
        tasks: [{ id: 'report', description: 'Write the report', expectedOutput: 'A report', agentId: agent.id }]
      })
      const run = await created(tenant.admin, '/executions', { crewId: crew.id, input: {} })
      const finished = await waitForExecution(tenant.admin.http.get, run.id)
      expect(finished, JSON.stringify(finished.error)).toMatchObject({ status: 'succeeded', output: { text: `Crew report from ${kind}.` } })
      const usage = await tenant.admin.http.get('/usage?groupBy=provider')
      expect(usage.body.total.calls).toBe(2)
      expect(usage.body.total.promptTokens).toBeGreaterThan(0)
    })
  }
})
