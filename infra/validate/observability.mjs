// Checks infra/observability beyond what promtool sees (scripts/ci/validate-infra.sh runs
// `promtool check config`, `check rules` and `test rules` on the Prometheus files):
//   - the Grafana dashboard: valid JSON, unique panel ids, panels inside the 24-column grid and not
//     overlapping, every query naming only the metrics Troupe serves; and it writes every query,
//     Grafana variables replaced, to a rules file (argv[3]) that promtool then parses as PromQL;
//   - the alert rules name only those metrics too;
//   - Grafana provisioning: the datasource uids the dashboard uses exist, the dashboards folder
//     is the one docker-compose.yml mounts;
//   - the OpenTelemetry collector config: every pipeline component is defined and of a type the
//     collector distribution in docker-compose.yml ships, every defined one is used, and traces go
//     to the jaeger service's OTLP port.
// Usage: node infra/validate/observability.mjs [repo root] <promql rules file to write>
import { readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { parse, stringify } from 'yaml'
import { createReport } from './report.mjs'

const root = path.resolve(process.argv[2] ?? '.')
const rulesOut = process.argv[3]
if (!rulesOut) throw new Error('usage: observability.mjs <repo root> <promql rules file to write>')
const dir = path.join(root, 'infra/observability')
const read = (file) => readFileSync(path.join(dir, file), 'utf8')
const report = createReport('infra/observability')

/** The metrics the API serves at /metrics (docs/guides/observability.md), and their series names. */
const histograms = ['troupe_http_request_duration_seconds', 'troupe_node_duration_seconds']
const counters = ['troupe_executions_total', 'troupe_llm_tokens_total', 'troupe_llm_cost_usd_total', 'troupe_sandbox_runs_total']
const gauges = ['troupe_queue_depth']
const knownSeries = new Set([...counters, ...gauges, ...histograms.flatMap((name) => ['_bucket', '_count', '_sum'].map((suffix) => name + suffix)), 'up'])

function checkMetricNames(expr, where) {
  for (const [name] of expr.matchAll(/\btroupe_[a-z0-9_]+/g)) {
    if (!knownSeries.has(name)) report.problem(`${where}: unknown metric ${name}`)
  }
}

// Grafana dashboard.
const dashboardFile = 'grafana/dashboards/troupe-overview.json'
const dashboard = JSON.parse(read(dashboardFile))
const datasources = parse(read('grafana/provisioning/datasources/datasources.yml'))
const datasourceUids = new Set(datasources.datasources.map((datasource) => datasource.uid))
const variables = new Map(dashboard.templating.list.map((variable) => [variable.name, variable]))
for (const key of ['uid', 'title', 'schemaVersion']) if (!dashboard[key]) report.problem(`${dashboardFile}: no ${key}`)

const exprs = []
const ids = new Set()
const cells = new Map()
for (const panel of dashboard.panels) {
  const where = `${dashboardFile} panel ${panel.id} "${panel.title}"`
  if (ids.has(panel.id)) report.problem(`${where}: duplicate id`)
  ids.add(panel.id)
  const { x, y, w, h } = panel.gridPos ?? {}
  if (![x, y, w, h].every(Number.isInteger) || x < 0 || x + w > 24) report.problem(`${where}: gridPos outside the 24-column grid`)
  for (let row = y; row < y + h; row++) {
    for (let column = x; column < x + w; column++) {
      const other = cells.get(`${row},${column}`)
      if (other !== undefined) report.problem(`${where}: overlaps panel ${other}`)
      cells.set(`${row},${column}`, panel.id)
    }
  }
  if (panel.type === 'row') continue
  const uid = panel.datasource?.uid
  if (uid !== '${datasource}' && !datasourceUids.has(uid)) report.problem(`${where}: unknown datasource ${uid}`)
  if (!panel.targets?.length) report.problem(`${where}: no query`)
  for (const target of panel.targets ?? []) {
    checkMetricNames(target.expr, where)
    for (const [, name] of target.expr.matchAll(/\$(?!__)(\w+)/g)) if (!variables.has(name)) report.problem(`${where}: unknown variable $${name}`)
    exprs.push({ where, expr: target.expr })
  }
}
const datasourceVariable = variables.get('datasource')
if (datasourceVariable?.query !== 'prometheus' || !datasourceUids.has(datasourceVariable.current?.value)) {
  report.problem(`${dashboardFile}: the datasource variable must default to a provisioned Prometheus uid`)
}
for (const variable of variables.values()) {
  if (variable.type === 'query') exprs.push({ where: `variable ${variable.name}`, expr: variable.definition.replace(/^label_values\((\w+),.*\)$/, '$1') })
}

// Every dashboard query as a recording rule, for promtool to parse. Grafana's variables become
// values of the same type: range durations, and a regex for multi-value label filters.
const substitutions = { $__rate_interval: '5m', $__range: '1h', $__interval: '1m', $tenant: '.*' }
const asPromQl = (expr) => Object.entries(substitutions).reduce((text, [variable, value]) => text.split(variable).join(value), expr)
writeFileSync(rulesOut, stringify({
  groups: [{ name: 'dashboard-queries', rules: exprs.map(({ expr }, index) => ({ record: `dashboard:query_${index}`, expr: asPromQl(expr) })) }]
}))

// Alert rules.
const alerts = parse(read('prometheus/alerts.yml'))
let alertCount = 0
for (const group of alerts.groups) {
  for (const rule of group.rules) {
    alertCount++
    checkMetricNames(rule.expr, `prometheus/alerts.yml ${rule.alert ?? rule.record}`)
    if (rule.alert && !rule.labels?.severity) report.problem(`prometheus/alerts.yml ${rule.alert}: no severity label`)
  }
}

// Grafana dashboard provisioning: the folder docker-compose.yml mounts.
const compose = parse(readFileSync(path.join(root, 'docker-compose.yml'), 'utf8'), { merge: true })
const grafanaMounts = compose.services.grafana?.volumes ?? []
const dashboardsMount = grafanaMounts.find((volume) => volume.startsWith('./infra/observability/grafana/dashboards:'))?.split(':')[1]
const providers = parse(read('grafana/provisioning/dashboards/dashboards.yml')).providers
if (!providers.some((provider) => provider.options?.path === dashboardsMount)) {
  report.problem(`grafana/provisioning/dashboards/dashboards.yml: no provider reads ${dashboardsMount}, where docker-compose.yml mounts the dashboards`)
}

// OpenTelemetry collector: the components the opentelemetry-collector-contrib image ships that
// this config may use.
const shipped = {
  receivers: ['otlp'],
  processors: ['batch', 'memory_limiter', 'resource', 'attributes', 'filter', 'probabilistic_sampler', 'tail_sampling'],
  exporters: ['otlp', 'otlphttp', 'debug'],
  extensions: ['health_check', 'pprof', 'zpages']
}
const otel = parse(read('otel-collector/config.yaml'))
const used = { receivers: new Set(), processors: new Set(), exporters: new Set(), extensions: new Set(otel.service?.extensions ?? []) }
for (const [pipeline, config] of Object.entries(otel.service?.pipelines ?? {})) {
  if (!['traces', 'metrics', 'logs'].includes(pipeline.split('/')[0])) report.problem(`otel-collector: unknown pipeline type ${pipeline}`)
  for (const kind of ['receivers', 'processors', 'exporters']) {
    if (kind !== 'processors' && !config[kind]?.length) report.problem(`otel-collector: pipeline ${pipeline} has no ${kind}`)
    for (const id of config[kind] ?? []) used[kind].add(id)
  }
}
for (const kind of Object.keys(shipped)) {
  const defined = Object.keys(otel[kind] ?? {})
  for (const id of defined) {
    if (!shipped[kind].includes(id.split('/')[0])) report.problem(`otel-collector: ${kind} ${id} is not a component this config may use`)
    if (!used[kind].has(id)) report.problem(`otel-collector: ${kind} ${id} is defined but in no pipeline`)
  }
  for (const id of used[kind]) if (!defined.includes(id)) report.problem(`otel-collector: ${kind} ${id} is used but not defined`)
}
const jaegerEndpoints = Object.entries(otel.exporters ?? {}).filter(([id]) => id.startsWith('otlp')).map(([, config]) => config.endpoint)
if (!jaegerEndpoints.includes('jaeger:4317') || !compose.services.jaeger) report.problem('otel-collector: traces are not exported to the jaeger service (jaeger:4317)')
if (!String(compose.services['otel-collector']?.image).startsWith('otel/opentelemetry-collector-contrib:')) {
  report.problem('docker-compose.yml: otel-collector is not the opentelemetry-collector-contrib image this check knows')
}

report.finish(`dashboard (${exprs.length} queries), ${alertCount} alert rules, provisioning and collector pipelines consistent`)
