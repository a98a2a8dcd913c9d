import type { TokenUsage } from '@troupe/sdk/plugin'
import { filteredCategories } from './content-filter.js'
import type { RawToolCall } from './parse-tool-call.js'

/** Token counts as Azure reports them, on a completion or on the last chunk of a stream. */
export interface AzureUsage {
  prompt_tokens: number
  completion_tokens: number
  prompt_tokens_details?: { cached_tokens?: number } | null
}

/**
 * A choice of a streamed chunk, as Azure sends it: besides content deltas, annotation chunks that
 * carry only `content_filter_results` (no `delta`), and, when the filter stops the answer, a last
 * choice with `finish_reason: "content_filter"` and the verdict.
 */
export interface AzureChunkChoice {
  index: number
  delta?: {
    content?: string | null
    tool_calls?: Array<{ index: number; id?: string; function?: { name?: string; arguments?: string } }>
  }
  finish_reason?: string | null
  content_filter_results?: unknown
}

/** A streamed chunk; Azure's first one has no choices, only `prompt_filter_results`. */
export interface AzureChunk {
  model?: string
  choices?: AzureChunkChoice[]
  usage?: AzureUsage | null
}

export interface StreamedAnswer {
  text: string
  toolCalls: RawToolCall[]
  finishReason: string | null
  /** The model Azure says answered (the deployment's model and version); empty on annotation chunks. */
  model: string | undefined
  usage: TokenUsage
  /** The last `content_filter_results` of the choice that filtered something: why a filtered answer stopped. */
  filterResults: unknown
}

/** Usage in the SDK's terms, with the prompt tokens Azure served from its cache. */
export function toUsage(usage: AzureUsage | null | undefined): TokenUsage {
  const cached = usage?.prompt_tokens_details?.cached_tokens
  return { promptTokens: usage?.prompt_tokens ?? 0, completionTokens: usage?.completion_tokens ?? 0, ...(cached ? { cachedPromptTokens: cached } : {}) }
}

/**
 * Reads a Chat Completions stream of Azure's: content deltas go to `onToken`, tool call fragments
 * are joined by index, chunks without choices (the prompt's filter results, the usage) and
 * annotation chunks without a delta are read for what they carry. Reading stops when `signal`
 * aborts: chunks that arrived together with the one that led to the abort are not handed on.
 */
export async function readChatStream(stream: AsyncIterable<AzureChunk>, onToken: (token: string) => void, signal?: AbortSignal): Promise<StreamedAnswer> {
  const answer: StreamedAnswer = { text: '', toolCalls: [], finishReason: null, model: undefined, usage: toUsage(undefined), filterResults: undefined }
  const callsByIndex = new Map<number, RawToolCall>()
  for await (const chunk of stream) {
    if (signal?.aborted) break
    answer.model ||= chunk.model
    if (chunk.usage) answer.usage = toUsage(chunk.usage)
    // Only one answer is asked for (no `n`): its choice is index 0.
    for (const choice of chunk.choices ?? []) {
      if (choice.index !== 0) continue
      if (filteredCategories(choice.content_filter_results).length) answer.filterResults = choice.content_filter_results
      if (choice.finish_reason) answer.finishReason = choice.finish_reason
      const content = choice.delta?.content
      if (content) {
        answer.text += content
        onToken(content)
      }
      for (const fragment of choice.delta?.tool_calls ?? []) {
        const call = callsByIndex.get(fragment.index) ?? { id: '', name: '', arguments: '' }
        callsByIndex.set(fragment.index, call)
        if (fragment.id) call.id = fragment.id
        if (fragment.function?.name) call.name = fragment.function.name
        call.arguments += fragment.function?.arguments ?? ''
      }
    }
  }
  answer.toolCalls = [...callsByIndex.entries()].sort(([a], [b]) => a - b).map(([, call]) => call)
  return answer
}
