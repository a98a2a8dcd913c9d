import { describe, expect, it } from 'vitest'
import { routeOf, TroupeMetrics } from './metrics.js'

describe('routeOf', () => {
  it.each([
    ['/api/v1/flows/0b7a4f0e-1c2d-4e5f-8a9b-0c1d2e3f4a5b', 200, '/api/v1/flows/:id'],
    ['/api/v1/tools/0b7a4f0e-1c2d-4e5f-8a9b-0c1d2e3f4a5b/test', 201, '/api/v1/tools/:id/test'],
    ['/api/v1/hooks/anything', 200, '/api/v1/hooks/:id'],
    ['/health', 200, '/health'],
    ['/socket.io/', 200, '/socket.io'],
    ['/assets/index-3f2a1b.js', 200, 'workspace'],
    ['/wp-admin/install.php', 404, 'unmatched']
  ])('%s (%i) → %s', (path, status, route) => {
    expect(routeOf(path, status)).toBe(route)
  })
})

describe('TroupeMetrics', () => {
  it('exposes the metric names the dashboard and alerts use, in its own registry', async () => {
    const one = new TroupeMetrics()
    const two = new TroupeMetrics()
    one.llmTokens.inc({ tenant: 't1', provider: 'p1', kind: 'prompt' }, 12)
    one.executions.inc({ status: 'succeeded' })
    const text = await one.registry.metrics()
    expect(text).toMatch(/troupe_llm_tokens_total\{tenant="t1",provider="p1",kind="prompt"\} 12/)
    expect(text).toMatch(/troupe_executions_total\{status="succeeded"\} 1/)
    for (const name of ['troupe_http_request_duration_seconds', 'troupe_node_duration_seconds', 'troupe_queue_depth', 'troupe_llm_cost_usd_total', 'troupe_sandbox_runs_total']) {
      expect(text).toContain(`# TYPE ${name}`)
    }
    expect(await two.registry.metrics()).not.toMatch(/troupe_llm_tokens_total\{/)
  })

  it('reads the queue depth when scraped', async () => {
    const metrics = new TroupeMetrics()
    metrics.readQueueDepth = async () => 7
    expect(await metrics.registry.metrics()).toMatch(/troupe_queue_depth 7/)
  })
})
