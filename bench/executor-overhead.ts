/**
 * Per-node overhead of the executor (`runFlow` + `MemoryRecorder`) on no-op nodes, for a 1000-node
 * chain and a 1000-node wide DAG, against a plain loop of 1000 awaited calls of the same no-op.
 * Run: node --import tsx bench/executor-overhead.ts
 */
import type { FlowEdge, FlowNode } from '@troupe/sdk'
import type { NodeExecutionContext, NodeType } from '@troupe/sdk/plugin'
import { compileFlow, type CompiledFlow } from '../core/src/executor/graph/compile-flow.js'
import { MemoryRecorder } from '../core/src/executor/persistence/memory-recorder.js'
import { runFlow } from '../core/src/executor/runner/run-flow.js'
import { ExecutionServices } from '../core/src/executor/node-services.js'
import { inProcessLogic } from '@troupe/sdk/logic'
import { median, timeRuns } from './lib/median.js'
import { header, line, machine } from './lib/report.js'

const NODES = 1000
const RUNS = 20
const WARMUP = 5
const CEILING_US = 20

const main = [{ name: 'main' }]
const params = { type: 'object', properties: {}, additionalProperties: true }
const noop = async (ctx: Pick<NodeExecutionContext, 'input'>) => ({ output: ctx.input })
const types: Record<string, NodeType<never>> = {
  'bench.noop': { type: 'bench.noop', displayName: 'No-op', description: 'No-op', category: 'Bench', params, inputs: main, outputs: main, execute: noop },
  'bench.end': { type: 'bench.end', displayName: 'End', description: 'End', category: 'Bench', params, inputs: main, outputs: [], execute: noop }
}

const node = (id: string, type = 'bench.noop'): FlowNode => ({ id, type, params: {} })
const edge = (source: string, target: string, index: number): FlowEdge => ({ id: `e${index}`, source, target })

/** n nodes, each feeding the next. */
function chain(n: number): CompiledFlow {
  const nodes = Array.from({ length: n }, (_, i) => node(`n${i}`, i === n - 1 ? 'bench.end' : 'bench.noop'))
  const edges = nodes.slice(1).map((to, i) => edge(nodes[i].id, to.id, i))
  return compileFlow({ nodes, edges }, (type) => types[type])
}

/** One root fanning out to n - 2 nodes that all feed one end node. */
function wide(n: number): CompiledFlow {
  const middle = Array.from({ length: n - 2 }, (_, i) => node(`m${i}`))
  const nodes = [node('root'), ...middle, node('end', 'bench.end')]
  const edges = middle.flatMap((m, i) => [edge('root', m.id, 2 * i), edge(m.id, 'end', 2 * i + 1)])
  return compileFlow({ nodes, edges }, (type) => types[type])
}

const nothing = async () => Promise.reject(new Error('no llm or tools in the bench'))
const serviceFactory = { llm: () => ({ chat: nothing }), tools: () => ({ describe: nothing, call: nothing }), records: () => ({ get: nothing, find: nothing, create: nothing }), logic: () => inProcessLogic(), subflows: () => ({ start: nothing }), pluginOf: () => undefined }

async function execute(graph: CompiledFlow) {
  const result = await runFlow({
    executionId: 'bench',
    tenantId: 'bench',
    graph,
    nodeType: (type) => types[type],
    input: { n: 1 },
    signal: new AbortController().signal,
    recorder: new MemoryRecorder(),
    services: new ExecutionServices(serviceFactory),
    concurrency: NODES
  })
  if (result.status !== 'succeeded') throw new Error(`run ${result.status}: ${result.error}`)
}

/** The peer: the same no-op awaited `n` times in a plain loop. */
async function plainLoop(n: number) {
  let value: unknown = { n: 1 }
  for (let i = 0; i < n; i++) value = (await noop({ input: value })).output
  return value
}

async function perNodeUs(fn: () => Promise<unknown>, nodes: number) {
  return (median(await timeRuns(fn, RUNS, WARMUP)) * 1000) / nodes
}

header(`executor overhead: ${NODES} no-op nodes, median of ${RUNS} runs after ${WARMUP} warm-up`)
machine()
const loopUs = await perNodeUs(() => plainLoop(NODES), NODES)
line('plain loop of awaited async calls', loopUs, 'µs/node')
for (const [name, build] of [['chain', chain], ['wide DAG', wide]] as const) {
  const graph = build(NODES)
  const us = await perNodeUs(() => execute(graph), NODES)
  // The same shape at a tenth of the size shows whether the cost per node grows with the flow;
  // measured second, so the JIT has warmed up on the big one first.
  const small = build(NODES / 10)
  const smallUs = await perNodeUs(() => execute(small), NODES / 10)
  line(`${name}: runFlow, ${NODES} nodes`, us, 'µs/node')
  line(`${name}: runFlow, ${NODES / 10} nodes (scaling check)`, smallUs, 'µs/node')
  line(`${name}: ratio executor / plain loop`, us / loopUs, 'x')
  line(`${name}: ceiling ratio = measured / ${CEILING_US} µs (goal ≤ 1)`, us / CEILING_US, us <= CEILING_US ? '(met)' : '(MISSED)')
}
process.exit(0)
