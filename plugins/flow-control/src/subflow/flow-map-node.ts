import { executionStatuses, isTerminalExecutionStatus } from '@troupe/sdk'
import { referenceAnnotation, type NodeExecutionContext, type NodeType } from '@troupe/sdk/plugin'
import { waitForSubflows } from './sub-flow-run.js'

export interface FlowMapParams {
  /** A JSONata expression over `{input, nodes, value}` giving the list (`value.orders`). */
  items: string
  flowId: string
  /** Sub-flows running at once (1 to 50, 5 by default). */
  concurrency?: number
  /** `fail` (default): the first failed item fails the node; `collect`: its place in the output holds `{failed: true, error, executionId}`. */
  onItemError?: 'fail' | 'collect'
}

/** The most items one node maps. */
export const maxMapItems = 100_000
/** How many finished sub-flows' rows are read at once when the output is put together. */
const pageSize = 500
const activeStatuses = executionStatuses.filter((status) => !isTerminalExecutionStatus(status))
/** An item's key: its index, zero-padded so that keys sort as the indexes do. */
export const itemKey = (index: number) => String(index).padStart(String(maxMapItems).length, '0')
/** With nothing running (the tenant's quota was full), when to look again. */
const quotaRetryMs = 5_000

type Services = NodeExecutionContext['services']
interface ChildRow {
  id: string
  status: string
  callKey: string | null
  output?: unknown
  error?: string | null
}

/** Why an item failed the node (`onItemError: "fail"`). */
const itemFailure = (child: ChildRow) => new Error(`Item ${Number(child.callKey)} failed in its sub-flow's run ${child.id}: ${child.error ?? child.status}`)

const children = (services: Services, executionId: string, nodeId: string, query: Record<string, unknown>) =>
  services.records.find('executions', { parentExecutionId: executionId, parentNodeId: nodeId, ...query }) as unknown as Promise<ChildRow[]>

/** The list in input order: each item's sub-flow output, or, collected, what its failure was. */
async function mappedOutput(services: Services, executionId: string, nodeId: string, total: number, onItemError: 'fail' | 'collect'): Promise<unknown[]> {
  const results: unknown[] = new Array(total).fill(null)
  for (let skip = 0; ; skip += pageSize) {
    const page = await children(services, executionId, nodeId, { $sort: { id: 1 }, $skip: skip, $limit: pageSize, $select: ['id', 'status', 'callKey', 'output', 'error'] })
    for (const child of page) {
      const index = Number(child.callKey)
      if (!Number.isInteger(index) || index < 0 || index >= total) continue
      if (child.status === 'succeeded') results[index] = child.output
      else if (onItemError === 'collect') results[index] = { failed: true, error: child.error ?? child.status, executionId: child.id }
      else throw itemFailure(child)
    }
    if (page.length < pageSize) return results
  }
}

/**
 * Runs a sub-flow once per item of a list, `concurrency` at a time, and answers their outputs in
 * input order. The node keeps nothing in memory while it waits: the sub-flows' runs are its
 * state (each started under its item's index as key, in order), so after a crash it picks up
 * where they stand, and no item runs twice. Each time it runs (at the start, when a sub-flow
 * ends, or at its periodic check) it starts as many items as there are free places.
 */
export const flowMapNode: NodeType<FlowMapParams> = {
  type: 'flow.map',
  displayName: 'Map over a list',
  description: 'Runs another flow of this workspace once per item of a list, a few at a time, and continues with their outputs in order.',
  category: 'Flow',
  params: {
    type: 'object',
    properties: {
      items: {
        type: 'string',
        minLength: 1,
        maxLength: 64 * 1024,
        title: 'Items',
        description: 'A JSONata expression giving the list, over value (this node\'s input), input and nodes: value.orders',
        'x-troupe-expression': true
      },
      flowId: { type: 'string', format: 'uuid', title: 'Flow', description: 'The flow to run for each item (the item is its input)', [referenceAnnotation]: 'flows' },
      concurrency: { type: 'integer', minimum: 1, maximum: 50, default: 5, title: 'At once', description: 'Items running at the same time' },
      onItemError: {
        type: 'string',
        enum: ['fail', 'collect'],
        default: 'fail',
        title: 'When an item fails',
        description: 'fail: the node fails (the other items are cancelled); collect: the output holds {failed, error, executionId} in its place'
      }
    },
    required: ['items', 'flowId'],
    additionalProperties: false
  },
  inputs: [{ name: 'main' }],
  outputs: [{ name: 'main' }],
  idempotent: true,
  callsFlows: (params) => (params.flowId ? [{ field: 'flowId', flowId: params.flowId }] : []),
  async execute({ input, executionInput, nodes, params, services, signal, executionId, nodeId, emit }) {
    const concurrency = params.concurrency ?? 5
    const onItemError = params.onItemError ?? 'fail'
    const items = await services.logic.evaluate(params.items, { input: executionInput, nodes, value: input }, { signal })
    if (!Array.isArray(items)) throw new Error(`items must give a list; it gave ${items === undefined ? 'nothing' : typeof items}`)
    if (items.length > maxMapItems) throw new Error(`items gave ${items.length} items; a map runs at most ${maxMapItems}`)
    if (items.length === 0) return { output: [] }

    // Keys are zero-padded indexes, so the highest key is the furthest item started. Items start a
    // round at a time, together; a round cut short (the tenant's quota, a crash) leaves gaps only
    // within the last `concurrency` keys: they are filled before the list goes further.
    const [furthest] = await children(services, executionId, nodeId, { $sort: { callKey: -1 }, $limit: 1, $select: ['id', 'callKey'] })
    const highest = furthest ? Number(furthest.callKey) : -1
    if (onItemError === 'fail') {
      const [failed] = await children(services, executionId, nodeId, { status: { $in: ['failed', 'cancelled'] }, $limit: 1, $select: ['id', 'status', 'callKey', 'error'] })
      if (failed) throw itemFailure(failed)
    }
    const windowStart = Math.max(0, highest - concurrency + 1)
    const present = highest < 0 ? [] : await children(services, executionId, nodeId, { callKey: { $gte: itemKey(windowStart), $lte: itemKey(highest) }, $select: ['id', 'callKey'] })
    const presentKeys = new Set(present.map((child) => Number(child.callKey)))
    const gaps = Array.from({ length: highest - windowStart + 1 }, (_, offset) => windowStart + offset).filter((index) => !presentKeys.has(index))
    const active = await children(services, executionId, nodeId, { status: { $in: activeStatuses }, $select: ['id'] })
    const free = Math.max(0, concurrency - active.length)
    const fresh = gaps.length > 0 ? [] : Array.from({ length: Math.min(free, items.length - highest - 1) }, (_, offset) => highest + 1 + offset)
    const round = [...gaps, ...fresh].slice(0, free)
    const outcomes = await Promise.allSettled(round.map((index) => services.subflows.start({ flowId: params.flowId, input: items[index], key: itemKey(index) })))
    // The tenant runs as many executions as it may: the rest waits for places, not a failure.
    const refused = outcomes.filter((outcome) => outcome.status === 'rejected')
    const broken = refused.find((outcome) => (outcome.reason as { code?: number }).code !== 429)
    if (broken) throw (broken as PromiseRejectedResult).reason
    const running = active.length + outcomes.length - refused.length
    const started = Math.max(highest, ...round.filter((_, position) => outcomes[position].status === 'fulfilled')) + 1
    emit({ type: 'flow.map.progress', data: { total: items.length, started, running } })
    if (gaps.length > 0 || refused.length > 0 || started < items.length || running > 0) {
      const progress = { total: items.length, started, running, flowId: params.flowId }
      // Nothing running to wake it (the quota refused every start): it looks again soon.
      return waitForSubflows(`Mapping ${items.length} items`, progress, running === 0 ? quotaRetryMs : undefined)
    }
    return { output: await mappedOutput(services, executionId, nodeId, items.length, onItemError) }
  }
}
