import type { ContentBlock, ConverseStreamOutput } from '@aws-sdk/client-bedrock-runtime'
import type { DocumentType } from '@smithy/types'
import type { ConverseReply } from './from-converse-reply.js'

export interface StreamProgress {
  /** Whether any event arrived: a failure from then on cuts an answer under way. */
  started: boolean
}

/** A streamed reply, and whether `messageStop` came (only it says the reply is whole). */
export type StreamedReply = ConverseReply & { complete: boolean }

function parsedInput(json: string): DocumentType {
  if (!json) return {}
  try {
    return JSON.parse(json)
  } catch {
    return json
  }
}

/**
 * Reads a ConverseStream reply into a whole one: text deltas are handed to `onToken` as they come,
 * tool use input arrives as JSON fragments per content block, usage in the final `metadata` event.
 * Exception events are thrown by the SDK as the modeled errors when they arrive.
 */
export async function accumulateConverseStream(stream: AsyncIterable<ConverseStreamOutput>, onToken: (token: string) => void, progress: StreamProgress): Promise<StreamedReply> {
  const texts = new Map<number, string>()
  const tools = new Map<number, { toolUseId: string; name: string; input: string }>()
  const reply: StreamedReply = { content: [], complete: false }
  for await (const event of stream) {
    progress.started = true
    if (event.contentBlockStart?.start?.toolUse) {
      const { toolUseId = '', name = '' } = event.contentBlockStart.start.toolUse
      tools.set(event.contentBlockStart.contentBlockIndex ?? 0, { toolUseId, name, input: '' })
    } else if (event.contentBlockDelta?.delta) {
      const index = event.contentBlockDelta.contentBlockIndex ?? 0
      const { delta } = event.contentBlockDelta
      if (delta.text !== undefined) {
        texts.set(index, (texts.get(index) ?? '') + delta.text)
        if (delta.text) onToken(delta.text)
      } else if (delta.toolUse) {
        const tool = tools.get(index)
        if (tool) tool.input += delta.toolUse.input ?? ''
      }
    } else if (event.messageStop) {
      reply.stopReason = event.messageStop.stopReason
      reply.complete = true
    } else if (event.metadata) {
      reply.usage = event.metadata.usage
    }
  }
  const indexes = [...new Set([...texts.keys(), ...tools.keys()])].sort((a, b) => a - b)
  reply.content = indexes.map((index): ContentBlock => {
    const tool = tools.get(index)
    return tool ? { toolUse: { toolUseId: tool.toolUseId, name: tool.name, input: parsedInput(tool.input) } } : { text: texts.get(index) ?? '' }
  })
  return reply
}
