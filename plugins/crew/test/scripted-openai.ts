import {
  chunk,
  errorReply,
  startFakeOpenAi,
  textStreamReply,
  usageChunk,
  type FakeReply,
  type RecordedRequest
} from '@troupe/plugin-llm-openai/testing'

export { errorReply, textStreamReply, type FakeReply, type RecordedRequest }

/** An OpenAI-compatible chat endpoint whose answers are scripted per agent. */
export interface ScriptedOpenAi {
  /** Base URL (ending in `/v1`) for an `openai` provider record. */
  url: string
  /** Every request received, in order. */
  requests: RecordedRequest[]
  /**
   * Queues the replies the model gives, in order, to conversations whose system message contains
   * `marker` (an agent's role), and returns the list those conversations' requests are recorded in.
   */
  script(marker: string, replies: FakeReply[]): RecordedRequest[]
  close(): Promise<void>
}

/**
 * Starts the fake OpenAI server with one chat route that finds the script by the system message,
 * so each test scripts its own agents whatever else the server has seen. A request no script
 * claims, or one past the end of its script, answers 400: the run then fails naming it.
 */
export async function startScriptedOpenAi(): Promise<ScriptedOpenAi> {
  const scripts = new Map<string, { replies: FakeReply[]; requests: RecordedRequest[] }>()
  const fake = await startFakeOpenAi({
    'POST /chat/completions': (request) => {
      const system = String(request.body?.messages?.[0]?.content ?? '')
      const entry = [...scripts.entries()].find(([marker]) => system.includes(marker))
      if (!entry) return errorReply(400, `No script for a conversation starting: ${system.slice(0, 80)}`, 'invalid_request_error')
      const [marker, script] = entry
      script.requests.push(request)
      return script.replies.shift() ?? errorReply(400, `The script for ${marker} has no reply left`, 'invalid_request_error')
    }
  })
  return {
    url: fake.url,
    requests: fake.requests,
    script(marker, replies) {
      if (scripts.has(marker)) throw new Error(`${marker} is scripted already`)
      const requests: RecordedRequest[] = []
      scripts.set(marker, { replies: [...replies], requests })
      return requests
    },
    close: () => fake.close()
  }
}

/**
 * A streamed answer calling tools, in OpenAI's `tool_calls` delta format: each call's arguments
 * arrive in two fragments, as real endpoints split them.
 */
export function toolCallStreamReply(calls: Array<{ id: string; name: string; arguments: string }>): FakeReply {
  return {
    stream: [
      chunk({ role: 'assistant', content: null }),
      ...calls.flatMap((call, index) => {
        const cut = Math.floor(call.arguments.length / 2)
        return [
          chunk({ tool_calls: [{ index, id: call.id, type: 'function', function: { name: call.name, arguments: call.arguments.slice(0, cut) } }] }),
          chunk({ tool_calls: [{ index, function: { arguments: call.arguments.slice(cut) } }] })
        ]
      }),
      chunk({}, 'tool_calls'),
      usageChunk(50, 10)
    ]
  }
}

/** A stream the server closes early: some content, then neither a finish reason nor `[DONE]`. */
export function cutShortStreamReply(tokens: string[]): FakeReply {
  return { stream: [chunk({ role: 'assistant', content: '' }), ...tokens.map((content) => chunk({ content }))], done: false }
}
