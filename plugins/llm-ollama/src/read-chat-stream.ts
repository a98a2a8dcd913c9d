import type { OllamaChatEvent, OllamaToolCall } from './ollama-wire.js'

export interface StreamedReply {
  text: string
  toolCalls: OllamaToolCall[]
  /** The final (`done: true`) line: `done_reason` and the token counts. */
  done: OllamaChatEvent | undefined
  model: string | undefined
}

/**
 * Reads the lines of a `/api/chat` stream: content to `onToken` as it comes, tool calls as whole
 * calls (Ollama sends each complete, several per line or spread over lines), the final line kept
 * for its reason and counts. Thinking (`message.thinking`) is not part of the answer. Stops at the
 * first line after `signal` aborted, since lines that arrived together are read together.
 */
export async function readChatStream(lines: AsyncIterable<OllamaChatEvent>, signal: AbortSignal, onToken?: (token: string) => void): Promise<StreamedReply> {
  const reply: StreamedReply = { text: '', toolCalls: [], done: undefined, model: undefined }
  for await (const line of lines) {
    signal.throwIfAborted()
    reply.model ||= line.model
    const content = line.message?.content
    if (content) {
      reply.text += content
      onToken?.(content)
    }
    reply.toolCalls.push(...(line.message?.tool_calls ?? []))
    if (line.done) reply.done = line
  }
  return reply
}
