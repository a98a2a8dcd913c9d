/**
 * Request checks: the service schemas compiled the way Ajv does by default (each query schema
 * whole, Feathers' query syntax repeating every field four times) against the way the core compiles
 * them now (the repeats shared once through `$ref`, compiled as functions of their own), in the
 * same run: the compile time a first request of a kind waits for, the largest schema's included,
 * and the checks per second of typical queries and bodies afterwards.
 * Run: node --import tsx bench/request-checks.ts
 */
import { performance } from 'node:perf_hooks'
import { Ajv, type ValidateFunction } from 'ajv'
import addFormatsPlugin from 'ajv-formats'
import { executionQuerySchema, flowDataSchema, flowQuerySchema, toolQuerySchema, userQuerySchema } from '@troupe/sdk'
import { shareRepeatedSubschemas } from '../core/src/validation/share-repeated-subschemas.js'
import { median } from './lib/median.js'
import { header, line, machine } from './lib/report.js'

const addFormats = (addFormatsPlugin as unknown as { default: (ajv: Ajv, formats: string[]) => Ajv }).default
const formats = ['email', 'uuid', 'date-time', 'uri']
const ROUNDS = 5
const CHECKS = 100_000

const schemas = { executions: executionQuerySchema, flows: flowQuerySchema, tools: toolQuerySchema, users: userQuerySchema }
const queries: Array<[keyof typeof schemas, Record<string, unknown>]> = [
  ['executions', { $limit: '25', $skip: '0', $sort: { createdAt: '-1' }, status: 'failed' }],
  ['executions', { $limit: '1', flowId: '4b1d7a52-7c55-4d34-9d4b-0f0c7c1c2a11', $or: [{ status: 'running' }, { status: 'queued' }] }],
  ['flows', { $limit: '100', $sort: { updatedAt: '-1' } }],
  ['tools', { $limit: '100', $sort: { name: '1' } }],
  ['users', { $limit: '100', $select: 'name' }]
]
const flowBody = { name: 'Greeter', nodes: [{ id: 'in', type: 'trigger.manual' }, { id: 'out', type: 'flow.output' }], edges: [{ id: 'e', source: 'in', target: 'out' }] }

function compileAll(shared: boolean) {
  const query = addFormats(new Ajv({ allErrors: true, strict: false, coerceTypes: 'array', inlineRefs: !shared }), formats)
  const data = addFormats(new Ajv({ allErrors: true, strict: false, coerceTypes: false, inlineRefs: !shared }), formats)
  const prepare = <T extends object>(schema: T) => (shared ? shareRepeatedSubschemas(schema) : schema)
  const times: Record<string, number> = {}
  const checks: Record<string, ValidateFunction> = {}
  for (const [name, schema] of Object.entries(schemas)) {
    const started = performance.now()
    checks[name] = query.compile(prepare(schema))
    times[name] = performance.now() - started
  }
  const started = performance.now()
  const flowData = data.compile(prepare(flowDataSchema))
  times.flowData = performance.now() - started
  return { times, checks, flowData }
}

function checksPerSecond(compiled: ReturnType<typeof compileAll>): number {
  const started = performance.now()
  let passed = 0
  for (let index = 0; index < CHECKS; index++) {
    const [name, query] = queries[index % queries.length]!
    if (compiled.checks[name]!({ ...query })) passed++
    if (compiled.flowData(flowBody)) passed++
  }
  if (passed !== CHECKS * 2) throw new Error(`${CHECKS * 2 - passed} checks failed`)
  return (CHECKS * 2) / ((performance.now() - started) / 1000)
}

header('request checks: Ajv on the whole schemas against shared repeats ($ref), same run')
machine()
const runs = { whole: [] as ReturnType<typeof compileAll>[], shared: [] as ReturnType<typeof compileAll>[] }
const speed = { whole: [] as number[], shared: [] as number[] }
for (let round = 0; round < ROUNDS; round++) {
  // Alternating, each round in fresh Ajv instances: neither side gets a warmer machine.
  for (const side of round % 2 ? (['shared', 'whole'] as const) : (['whole', 'shared'] as const)) {
    const compiled = compileAll(side === 'shared')
    runs[side].push(compiled)
    speed[side].push(checksPerSecond(compiled))
  }
}
for (const name of [...Object.keys(schemas), 'flowData']) {
  const whole = median(runs.whole.map((run) => run.times[name]!))
  const shared = median(runs.shared.map((run) => run.times[name]!))
  line(`compile ${name} (ms): whole / shared`, `${whole.toFixed(1)} / ${shared.toFixed(1)}  (${(whole / shared).toFixed(1)} × faster)`)
}
const whole = median(speed.whole)
const shared = median(speed.shared)
line('checks per second: whole', whole)
line('checks per second: shared', shared)
line('shared / whole (1.0 = no loss)', shared / whole)
