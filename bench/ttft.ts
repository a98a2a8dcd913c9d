/**
 * Time to first token of a chat answer through Troupe (a message sent over Socket.IO, the agent's
 * execution, the LLM gateway, the provider plugin, the token relayed back over Socket.IO) against
 * the same provider plugin asked directly, per vendor, each against its stand-in (its real wire
 * protocol, answering at once), in the same run: the milliseconds Troupe adds.
 * Run: node --import tsx bench/ttft.ts   (PostgreSQL: set DATABASE_URL)
 */
import { createClient } from '@troupe/sdk'
import type { LlmProviderKind } from '@troupe/sdk/plugin'
import { vendorStandIns, type VendorStandIn } from '../core/test/vendor-stand-ins.js'
import { median } from './lib/median.js'
import { header, line, machine } from './lib/report.js'
import { api, signup, startServer } from './lib/start-server.js'

const WARMUP = 5
const RUNS = 25
const GOAL_MS = 5

/** The p-th percentile (0–100) of `values`, nearest rank. */
function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!
}

/** Milliseconds to the first token of `RUNS` answers asked of the provider plugin directly. */
async function direct(kind: LlmProviderKind, standIn: VendorStandIn): Promise<number[]> {
  const provider = kind.create({ baseUrl: standIn.record.baseUrl, apiKey: standIn.record.apiKey, model: standIn.record.model, options: {}, fetch })
  const times: number[] = []
  for (let run = 0; run < WARMUP + RUNS; run++) {
    standIn.answer({ text: 'First token, then the rest of the answer.' })
    const started = performance.now()
    let first: number | undefined
    await provider.chat({ model: standIn.record.model, messages: [{ role: 'user', content: 'Hello' }] }, { onToken: () => (first ??= performance.now() - started) })
    if (run >= WARMUP) times.push(first!)
  }
  return times
}

/** Milliseconds from sending a chat message over Socket.IO to its answer's first token event, `RUNS` times. */
async function throughTroupe(url: string, standIn: VendorStandIn): Promise<number[]> {
  const admin = await signup(url)
  for (const provider of (await api<{ data: Array<{ id: string }> }>(url, 'GET', '/llm-providers', undefined, admin.accessToken, 200)).data) {
    await api(url, 'PATCH', `/llm-providers/${provider.id}`, { enabled: false }, admin.accessToken, 200)
  }
  await api(url, 'POST', '/llm-providers', { name: standIn.kind, kind: standIn.kind, ...standIn.record }, admin.accessToken)
  const agent = await api<{ id: string }>(url, 'POST', '/agents', { name: 'Helper', role: 'Assistant', goal: 'Answer' }, admin.accessToken)
  const session = await api<{ id: string }>(url, 'POST', '/chat-sessions', { agentId: agent.id, title: 'TTFT' }, admin.accessToken)
  const client = createClient(url, { transport: 'socket' })
  await client.authenticate({ strategy: 'jwt', accessToken: admin.accessToken })
  const messages = client.service('chat-messages' as 'flows') as unknown as {
    create(data: object): Promise<unknown>
    on(event: string, listener: (data: { status?: string; role?: string }) => void): void
  }
  let onToken: (() => void) | undefined
  let onDone: (() => void) | undefined
  messages.on('token', () => onToken?.())
  messages.on('patched', (message) => {
    if (message.role === 'assistant' && message.status !== 'streaming') onDone?.()
  })
  const times: number[] = []
  for (let run = 0; run < WARMUP + RUNS; run++) {
    standIn.answer({ text: 'First token, then the rest of the answer.' })
    const done = new Promise<void>((resolve) => (onDone = resolve))
    const started = performance.now()
    let first: number | undefined
    const token = new Promise<void>((resolve) => {
      onToken = () => {
        first ??= performance.now() - started
        resolve()
      }
    })
    await messages.create({ sessionId: session.id, content: 'Hello' })
    await token
    await done
    if (run >= WARMUP) times.push(first!)
  }
  client.io?.disconnect()
  return times
}

async function main() {
  const server = await startServer({ TROUPE_ALLOW_LOOPBACK: 'true' })
  const kinds = server.app.get('plugins').llmProviders
  header(`time to first token: Troupe's chat over Socket.IO vs the provider plugin directly (${server.engine}), ${RUNS} answers each`)
  machine()
  try {
    for (const [name, start] of Object.entries(vendorStandIns)) {
      const standIn = await start()
      try {
        const kind = kinds.get(name)!.kind
        const plain = await direct(kind, standIn)
        const troupe = await throughTroupe(server.url, standIn)
        const added = median(troupe) - median(plain)
        line(`${name}: direct, p50 / p95`, `${median(plain).toFixed(2)} / ${percentile(plain, 95).toFixed(2)}`, 'ms')
        line(`${name}: through Troupe, p50 / p95`, `${median(troupe).toFixed(2)} / ${percentile(troupe, 95).toFixed(2)}`, 'ms')
        line(`${name}: added by Troupe (p50), goal ≤ ${GOAL_MS} ms`, `${added.toFixed(2)} ms (${added <= GOAL_MS ? 'met' : 'MISSED'})`)
      } finally {
        await standIn.close()
      }
    }
  } finally {
    await server.close()
  }
}

await main()
