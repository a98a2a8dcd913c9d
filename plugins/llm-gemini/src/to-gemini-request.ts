import type { Content, FunctionDeclaration, GenerationConfig, Part, Tool } from '@google/genai'
import { LlmProviderError, type ChatMessage, type ChatRequest, type ToolCall, type ToolSpec } from '@troupe/sdk/plugin'
import type { GenerateContentRequest } from './gemini-wire.js'
import type { GeminiOptions } from './options-schema.js'
import { isMadeUpToolCallId } from './tool-call-ids.js'
import { thoughtSignatureOf } from './thought-signatures.js'

/**
 * Gemini 3 refuses a conversation whose model turn calls a function without the thought
 * signature it came with. A call from Gemini carries it back in its `vendorData`; a call that has
 * none (the conversation failed over from another vendor, or was written by hand) gets this value,
 * which Google documents for calls without their signature
 * (https://ai.google.dev/gemini-api/docs/thought-signatures, FAQ): the model then reasons without
 * its earlier thoughts, which is what a conversation that fails over loses anyway.
 */
export const signatureForReplayedCalls = 'skip_thought_signature_validator'

/** A conversation the Gemini way: system messages become the system instruction, the rest `contents`. */
export function toGeminiConversation(messages: ChatMessage[]): Pick<GenerateContentRequest, 'contents' | 'systemInstruction'> {
  // Gemini has no system turn: every system message, wherever it stands, joins the instruction.
  const instruction: Part[] = messages.filter((message) => message.role === 'system').map((message) => ({ text: message.content }))
  const contents: Content[] = []
  const calls = new Map<string, ToolCall>()
  for (const message of messages) {
    if (message.role === 'user') contents.push({ role: 'user', parts: [{ text: message.content }] })
    if (message.role === 'assistant') {
      for (const call of message.toolCalls ?? []) calls.set(call.id, call)
      const parts = modelParts(message)
      // An assistant turn with neither text nor calls says nothing, and Gemini refuses empty parts.
      if (parts.length > 0) contents.push({ role: 'model', parts })
    }
    if (message.role === 'tool') appendFunctionResponse(contents, functionResponsePart(message, calls))
  }
  return { contents, ...(instruction.length > 0 && { systemInstruction: { parts: instruction } }) }
}

function modelParts(message: ChatMessage): Part[] {
  const parts: Part[] = message.content ? [{ text: message.content }] : []
  for (const [index, call] of (message.toolCalls ?? []).entries()) {
    // A call whose arguments were broken went out with `{}`: that is what is sent back.
    const functionCall = { ...(!isMadeUpToolCallId(call.id) && { id: call.id }), name: call.name, args: call.arguments }
    // Each call goes back with the signature it came with; of parallel calls only the first has
    // one, as Gemini sends them, and a first call without its own gets the documented stand-in.
    const thoughtSignature = thoughtSignatureOf(call) ?? (index === 0 ? signatureForReplayedCalls : undefined)
    parts.push(thoughtSignature ? { functionCall, thoughtSignature } : { functionCall })
  }
  return parts
}

function functionResponsePart(message: ChatMessage, calls: Map<string, ToolCall>): Part {
  if (!message.toolCallId) throw LlmProviderError.of('bad_request', 'A tool message has no toolCallId')
  const name = calls.get(message.toolCallId)?.name ?? message.name
  if (!name) throw LlmProviderError.of('bad_request', `The tool message for call ${message.toolCallId} names no tool and answers no call of the conversation`)
  return {
    functionResponse: {
      ...(!isMadeUpToolCallId(message.toolCallId) && { id: message.toolCallId }),
      name,
      response: toFunctionResponse(message.content)
    }
  }
}

/** The answers to parallel calls go back together, in one user turn, in the order of the calls. */
function appendFunctionResponse(contents: Content[], part: Part): void {
  const last = contents.at(-1)
  if (last?.role === 'user' && last.parts?.every((existing) => existing.functionResponse)) last.parts.push(part)
  else contents.push({ role: 'user', parts: [part] })
}

/**
 * A tool's result as Gemini's `response` object: a JSON object as it is, anything else (text,
 * a number, an array) under `output`, the key Gemini documents for a function's output.
 */
export function toFunctionResponse(content: string): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(content)
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) return parsed as Record<string, unknown>
    return { output: parsed }
  } catch {
    return { output: content }
  }
}

/** The tools as one Gemini tool of function declarations, their parameters as JSON Schema. */
export function toGeminiTools(tools: ToolSpec[]): Tool[] {
  const declarations: FunctionDeclaration[] = tools.map(({ name, description, parameters }) => ({
    name,
    ...(description && { description }),
    // A tool without parameters leaves them unset; Gemini wants an object schema when they are set.
    ...(Object.keys(parameters).length > 0 && { parametersJsonSchema: parameters })
  }))
  return [{ functionDeclarations: declarations }]
}

/** The body of a `generateContent` (or streamed) call for a chat request. */
export function toGenerateContentRequest(request: ChatRequest, options: GeminiOptions): GenerateContentRequest {
  const temperature = request.temperature ?? options.temperature
  const generationConfig: GenerationConfig = {
    ...(temperature !== undefined && { temperature }),
    ...(request.maxTokens !== undefined && { maxOutputTokens: request.maxTokens }),
    // `responseJsonSchema` takes JSON Schema as it is; `responseSchema` would need OpenAPI's subset.
    ...(request.responseFormat && { responseMimeType: 'application/json', responseJsonSchema: request.responseFormat.schema }),
    ...(options.thinkingBudget !== undefined && { thinkingConfig: { thinkingBudget: options.thinkingBudget } })
  }
  return {
    ...toGeminiConversation(request.messages),
    ...(request.tools?.length && { tools: toGeminiTools(request.tools) }),
    ...(Object.keys(generationConfig).length > 0 && { generationConfig })
  }
}
