import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client'

/**
 * Troupe's Prometheus metrics, in a registry of their own (one per app, so several apps in one
 * process, as in tests, do not collide). Names are the contract of the Grafana dashboard and
 * alert rules in `infra/observability/`.
 */
export class TroupeMetrics {
  readonly registry = new Registry()

  readonly httpDuration = new Histogram({
    name: 'troupe_http_request_duration_seconds',
    help: 'HTTP request latency by method, route pattern and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [this.registry]
  })

  readonly executions = new Counter({
    name: 'troupe_executions_total',
    help: 'Executions that reached a final status, by status',
    labelNames: ['status'] as const,
    registers: [this.registry]
  })

  readonly historyPruned = new Counter({
    name: 'troupe_history_pruned_rows_total',
    help: 'Rows of the execution history removed by retention, by table (events go with their executions, wherever the log store keeps them)',
    labelNames: ['table'] as const,
    registers: [this.registry]
  })

  readonly nodeDuration = new Histogram({
    name: 'troupe_node_duration_seconds',
    help: 'Node run time by node type and final node status',
    labelNames: ['type', 'status'] as const,
    buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60, 300],
    registers: [this.registry]
  })

  readonly queueDepth = new Gauge({
    name: 'troupe_queue_depth',
    help: 'Executions waiting in the queue (queue mode)',
    registers: [this.registry],
    collect: async () => {
      if (this.readQueueDepth) this.queueDepth.set(await this.readQueueDepth().catch(() => 0))
    }
  })

  readonly llmTokens = new Counter({
    name: 'troupe_llm_tokens_total',
    help: 'LLM tokens by tenant, provider and kind (prompt or completion)',
    labelNames: ['tenant', 'provider', 'kind'] as const,
    registers: [this.registry]
  })

  readonly llmCost = new Counter({
    name: 'troupe_llm_cost_usd_total',
    help: 'LLM cost in US dollars by tenant and provider',
    labelNames: ['tenant', 'provider'] as const,
    registers: [this.registry]
  })

  readonly sandboxRuns = new Counter({
    name: 'troupe_sandbox_runs_total',
    help: 'Code tool runs by runtime and outcome (ok, error)',
    labelNames: ['runtime', 'outcome'] as const,
    registers: [this.registry]
  })

  readonly tenantLogic = new Counter({
    name: 'troupe_tenant_logic_total',
    help: "Evaluations of tenants' expressions, schemas and patterns in the logic workers, by operation and outcome (ok, error, timeout, memory, refused, aborted)",
    labelNames: ['op', 'outcome'] as const,
    registers: [this.registry]
  })

  readonly connectionsRefused = new Counter({
    name: 'troupe_connections_refused_total',
    help: 'Connections and streams refused because a client address or user already held its cap, by kind (http, socket, sse)',
    labelNames: ['kind'] as const,
    registers: [this.registry]
  })

  /** Set by queue mode: how many executions wait to be picked up. */
  readQueueDepth?: () => Promise<number>

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'troupe_' })
  }
}

const uuid = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi

/**
 * A request as a route label with few possible values: API paths with ids as `:id`, the
 * server's own paths as they are, the workspace's assets as one, anything not found as one.
 */
export function routeOf(path: string, status: number): string {
  if (status === 404) return 'unmatched'
  if (path.startsWith('/api/')) return path.replace(uuid, ':id').replace(/\/(tools|hooks)\/[^/]+/, '/$1/:id')
  if (/^\/(mcp|health|metrics)$/.test(path) || path.startsWith('/socket.io')) return path.startsWith('/socket.io') ? '/socket.io' : path
  return 'workspace'
}
