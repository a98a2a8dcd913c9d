import type { ContentBlock, RawMessageStreamEvent } from '@anthropic-ai/sdk/resources/messages'
import type { AnthropicReply, AnthropicUsage } from './from-anthropic-reply.js'

export interface StreamedReply extends AnthropicReply {
  /** Whether `message_stop` arrived: a stream that ends without it was cut. */
  complete: boolean
}

export interface StreamProgress {
  /** Set at `message_start`: from then on a failure cuts an answer under way. */
  started: boolean
}

const usageFields = ['input_tokens', 'output_tokens', 'cache_creation_input_tokens', 'cache_read_input_tokens'] as const

/**
 * Assembles a Messages API stream into the reply it carries, passing each `text_delta` to
 * `onToken`: text appended, a tool call's `input_json_delta` fragments joined into its JSON text,
 * thinking and its signature kept for sending back, usage taken from `message_start` and updated
 * by the cumulative counters of `message_delta`.
 */
export async function accumulateStream(
  stream: AsyncIterable<RawMessageStreamEvent>,
  onToken: (token: string) => void,
  progress: StreamProgress = { started: false }
): Promise<StreamedReply> {
  const reply: StreamedReply = { content: [], stopReason: null, stopDetails: null, usage: {}, model: '', complete: false }
  const blocks = new Map<number, ContentBlock>()
  const toolJson = new Map<number, string>()
  for await (const event of stream) {
    switch (event.type) {
      case 'message_start':
        progress.started = true
        reply.model = event.message.model
        reply.usage = { ...event.message.usage }
        break
      case 'content_block_start':
        blocks.set(event.index, { ...event.content_block })
        break
      case 'content_block_delta': {
        const block = blocks.get(event.index)
        const { delta } = event
        if (delta.type === 'text_delta' && block?.type === 'text') {
          block.text += delta.text
          onToken(delta.text)
        } else if (delta.type === 'input_json_delta') {
          toolJson.set(event.index, (toolJson.get(event.index) ?? '') + delta.partial_json)
        } else if (delta.type === 'thinking_delta' && block?.type === 'thinking') {
          block.thinking += delta.thinking
        } else if (delta.type === 'signature_delta' && block?.type === 'thinking') {
          block.signature = delta.signature
        }
        break
      }
      case 'content_block_stop': {
        const block = blocks.get(event.index)
        const json = toolJson.get(event.index)
        if (block?.type === 'tool_use' && json) block.input = json
        break
      }
      case 'message_delta':
        reply.stopReason = event.delta.stop_reason
        reply.stopDetails = event.delta.stop_details ?? null
        reply.usage = mergeUsage(reply.usage, event.usage)
        break
      case 'message_stop':
        reply.complete = true
        break
    }
  }
  reply.content = [...blocks.entries()].sort(([a], [b]) => a - b).map(([, block]) => block)
  return reply
}

function mergeUsage(usage: AnthropicUsage, update: AnthropicUsage): AnthropicUsage {
  const merged = { ...usage }
  for (const field of usageFields) if (update[field] != null) merged[field] = update[field]
  return merged
}
