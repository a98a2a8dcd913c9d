import type { LlmProvider } from '../llm.js'
import type { LlmClient, NodeEvent, NodeExecutionContext, NodeType, NodeWait, RecordsClient, SubflowClient } from '../node-type.js'
import type { ToolClient } from '../tool-runtime.js'
import type { TenantLogic } from '../tenant-logic.js'
import { inProcessLogic } from '../../logic/in-process-logic.js'
import { assertMatchesSchema } from './validate-schema.js'

export interface RunNodeOptions<Params> {
  params: Params
  input?: unknown
  executionInput?: unknown
  nodes?: Record<string, { output: unknown }>
  /** The LLM the node may call; without it an LLM call fails the test. */
  llm?: LlmClient
  /** The tenant's tools as the node sees them; without it a tool call fails the test. */
  tools?: ToolClient
  /** The tenant's records as the node sees them; without it a records call fails the test. */
  records?: RecordsClient
  /** How the tenant's expressions and schemas are evaluated; the host's answers, in this thread, by default. */
  logic?: TenantLogic
  /** Sub-flows the node may start (plugin API 1.6); without it starting one fails the test. */
  subflows?: SubflowClient
  signal?: AbortSignal
  /** Runs the node as the host does after a resume of its execution (`context.resume`, plugin API 1.4), or after its wait timed out (`timedOut`). */
  resume?: { data: unknown; timedOut?: boolean }
}

export interface RunNodeResult {
  output: unknown
  port?: string
  /** The node asked its execution to wait (plugin API 1.4). */
  wait?: NodeWait
  events: NodeEvent[]
  logs: Array<{ level: string; message: string; data?: Record<string, unknown> }>
}

const noRecords = async (): Promise<never> => {
  throw new Error('This test gave the node no records: pass `records` to runNode')
}

/**
 * Runs a node type in isolation (no server, no database): checks its params against its own
 * schema, as the host does, then calls `execute` and records what it emitted and logged.
 */
export async function runNode<Params>(nodeType: NodeType<Params>, options: RunNodeOptions<Params>): Promise<RunNodeResult> {
  assertMatchesSchema(nodeType.params, options.params, `params of ${nodeType.type}`)
  const events: NodeEvent[] = []
  const logs: RunNodeResult['logs'] = []
  const log = (level: string) => (message: string, data?: Record<string, unknown>) => logs.push({ level, message, data })
  const context: NodeExecutionContext<Params> = {
    input: options.input,
    params: options.params,
    executionInput: options.executionInput ?? options.input,
    nodes: options.nodes ?? {},
    signal: options.signal ?? new AbortController().signal,
    logger: { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') },
    emit: (event) => events.push(event),
    services: {
      llm: options.llm ?? {
        chat: async () => {
          throw new Error('This test gave the node no LLM: pass `llm` to runNode')
        }
      },
      tools: options.tools ?? {
        describe: async () => {
          throw new Error('This test gave the node no tools: pass `tools` to runNode')
        },
        call: async () => {
          throw new Error('This test gave the node no tools: pass `tools` to runNode')
        }
      },
      records: options.records ?? {
        get: noRecords,
        find: noRecords,
        create: noRecords
      },
      logic: options.logic ?? inProcessLogic(),
      subflows: options.subflows ?? {
        start: async () => {
          throw new Error('This test gave the node no sub-flows: pass `subflows` to runNode')
        }
      }
    },
    tenantId: 'test-tenant',
    executionId: 'test-execution',
    nodeId: 'test-node',
    ...(options.resume ? { resume: options.resume } : {})
  }
  const result = await nodeType.execute(context)
  return { ...result, events, logs }
}

/** Wraps one provider instance as the `LlmClient` a node sees (no failover, no cost table). */
export function llmClientFrom(provider: LlmProvider, model = 'test-model'): LlmClient {
  return {
    chat: async (request, options) => {
      const result = await provider.chat({ ...request, model: request.model ?? model }, options)
      return { ...result, providerId: 'test-provider', costUsd: 0, cached: false }
    }
  }
}
