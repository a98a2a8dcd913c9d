import type { LlmClient, NodeEvent } from '@troupe/sdk/plugin'
import type { RuntimeServices } from '../types.js'
import { inMemoryTools } from './in-memory-tools.js'
import { inProcessLogic } from '@troupe/sdk/logic'

export interface RecordingServices extends RuntimeServices {
  events: NodeEvent[]
  /** The events that are not streamed tokens, which is what most assertions care about. */
  steps(): NodeEvent[]
  /** The streamed text, joined. */
  streamed(): string
}

/** Runtime services for a test: the given LLM and tools, the host's logic answers in this thread, and an `emit` that records every event. */
export function recordingServices(parts: Partial<RuntimeServices> & { llm: LlmClient }): RecordingServices {
  const events: NodeEvent[] = []
  return {
    tools: inMemoryTools([]),
    logic: inProcessLogic(),
    signal: new AbortController().signal,
    emit: (event) => events.push(event),
    ...parts,
    events,
    steps: () => events.filter((event) => event.type !== 'token'),
    streamed: () => events.filter((event) => event.type === 'token').map((event) => event.data.token).join('')
  }
}
