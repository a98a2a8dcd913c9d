import type { NodeExecutionContext } from '@troupe/sdk/plugin'
import { recordsCrewMemory } from '../memory/records-crew-memory.js'
import type { RuntimeServices } from '../runtime/types.js'

/** What the crew runtime gets inside a node: the node's LLM, tools, tenant logic, events and signal. */
export function runtimeServicesOf(context: NodeExecutionContext<never>, withMemory = false): RuntimeServices {
  const { services, emit, signal, executionId } = context
  return { llm: services.llm, tools: services.tools, logic: services.logic, emit, signal, ...(withMemory ? { memory: recordsCrewMemory(services.records, executionId) } : {}) }
}
