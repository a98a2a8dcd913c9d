/**
 * Replies the Gemini stand-in can give, and builders for the usual ones, shaped as the Gemini API
 * sends them (GenerateContentResponse chunks, `usageMetadata`, Google's `{error: {code, message,
 * status, details}}` bodies with their headers).
 */

/** How the stand-in answers one request. `delayMs` waits before the status line is sent. */
export type FakeReply =
  /** A JSON body: a response, or Google's error body with its `status` and headers. */
  | { json: unknown; status?: number; headers?: Record<string, string>; delayMs?: number }
  /** A body that is not JSON (a proxy's error page). */
  | { text: string; status: number; headers?: Record<string, string> }
  /**
   * Server-sent events, `data: <json>` each, as `streamGenerateContent?alt=sse` sends them.
   * `unframed` is written after them as it is (Google's JSON error ending a failed stream);
   * `holdOpen` keeps the connection open afterwards until the client goes away; `dropConnection`
   * destroys it instead of ending the response.
   */
  | { stream: unknown[]; chunkDelayMs?: number; delayMs?: number; unframed?: string; holdOpen?: boolean; dropConnection?: boolean }
  /** Never answers; the connection stays open until the client gives up or the server closes. */
  | { hang: true }

export const defaultModelVersion = 'gemini-2.5-flash'

/** What the stand-in's responses carry as `responseId`, like Google's. */
const responseId = 'mIBQaIeSBOzXz7IP4cSS8Qc'

export interface Usage {
  prompt: number
  candidates: number
  thoughts?: number
  cached?: number
}

/** `usageMetadata` as the last chunk (or a whole response) carries it. */
export function usageMetadata({ prompt, candidates, thoughts, cached }: Usage) {
  return {
    promptTokenCount: prompt,
    candidatesTokenCount: candidates,
    totalTokenCount: prompt + candidates + (thoughts ?? 0),
    ...(cached && { cachedContentTokenCount: cached, cacheTokensDetails: [{ modality: 'TEXT', tokenCount: cached }] }),
    promptTokensDetails: [{ modality: 'TEXT', tokenCount: prompt }],
    ...(thoughts && { thoughtsTokenCount: thoughts })
  }
}

/** `usageMetadata` of the chunks before the last: the prompt's count only. */
function promptUsage(prompt: number) {
  return { promptTokenCount: prompt, totalTokenCount: prompt, promptTokensDetails: [{ modality: 'TEXT', tokenCount: prompt }] }
}

export interface ResponseShape {
  finishReason?: string
  usage?: Usage
  modelVersion?: string
}

function response(parts: unknown[], { finishReason = 'STOP', usage = { prompt: 9, candidates: 6 }, modelVersion = defaultModelVersion }: ResponseShape) {
  return {
    candidates: [{ content: { parts, role: 'model' }, finishReason, index: 0 }],
    usageMetadata: usageMetadata(usage),
    modelVersion,
    responseId
  }
}

/** A whole `generateContent` response answering `text`. */
export function textResponse(text: string, shape: ResponseShape = {}) {
  return response([{ text }], shape)
}

export interface FunctionCallShape {
  name: string
  args: Record<string, unknown>
  /** Gemini API calls usually come without one. */
  id?: string
}

/** A thought signature as thinking models attach it to the first function call of a turn. */
export const sampleThoughtSignature = 'CiIBVKhc7oZ3mXUSbWFqz1l3VbZqHmvJ0b2eD6Jq7y5n2Kx4EAo5AVSoXO5pC3rNw7m9u1Xv0yq4H1bEeT8sWQJ2cA=='

function functionCallParts(calls: FunctionCallShape[]) {
  return calls.map((call, index) => ({
    functionCall: { ...(call.id && { id: call.id }), name: call.name, args: call.args },
    ...(index === 0 && { thoughtSignature: sampleThoughtSignature })
  }))
}

/** A whole response calling functions (several: parallel calls), finishing `STOP` as Gemini does. */
export function functionCallResponse(calls: FunctionCallShape[], shape: ResponseShape = {}) {
  return response(functionCallParts(calls), shape)
}

/** One chunk of a stream carrying `parts`, with the prompt's usage as Gemini sends it before the end. */
export function chunk(parts: unknown[], { prompt = 9, modelVersion = defaultModelVersion }: { prompt?: number; modelVersion?: string } = {}) {
  return { candidates: [{ content: { parts, role: 'model' }, index: 0 }], usageMetadata: promptUsage(prompt), modelVersion, responseId }
}

/** The chunk a stream ends with: its last parts, the finish reason and the full usage. */
export function lastChunk(parts: unknown[], shape: ResponseShape = {}) {
  return response(parts, shape)
}

/** A stream answering `pieces` of text, the last with `STOP` (or `finishReason`) and the usage. */
export function textStream(pieces: string[], shape: ResponseShape = {}): FakeReply {
  const last = pieces.at(-1) ?? ''
  return { stream: [...pieces.slice(0, -1).map((text) => chunk([{ text }], { prompt: shape.usage?.prompt })), lastChunk([{ text: last }], shape)] }
}

/** A stream whose function calls come whole, each in a chunk of its own, the last one finishing the answer. */
export function functionCallStream(calls: FunctionCallShape[], shape: ResponseShape = {}): FakeReply {
  const parts = functionCallParts(calls)
  return { stream: [...parts.slice(0, -1).map((part) => chunk([part], { prompt: shape.usage?.prompt })), lastChunk(parts.slice(-1), shape)] }
}

/** A prompt Gemini refused to answer: no candidate, only `promptFeedback.blockReason`. */
export function promptBlocked(blockReason = 'SAFETY') {
  return {
    promptFeedback: {
      blockReason,
      safetyRatings: [
        { category: 'HARM_CATEGORY_SEXUALLY_EXPLICIT', probability: 'NEGLIGIBLE' },
        { category: 'HARM_CATEGORY_HATE_SPEECH', probability: 'NEGLIGIBLE' },
        { category: 'HARM_CATEGORY_HARASSMENT', probability: 'HIGH', blocked: true },
        { category: 'HARM_CATEGORY_DANGEROUS_CONTENT', probability: 'NEGLIGIBLE' }
      ]
    },
    usageMetadata: { promptTokenCount: 11, totalTokenCount: 11, promptTokensDetails: [{ modality: 'TEXT', tokenCount: 11 }] },
    modelVersion: defaultModelVersion,
    responseId
  }
}

/** Google's error body, e.g. `googleError(503, 'UNAVAILABLE', 'The model is overloaded. Please try again later.')`. */
export function googleError(status: number, code: string, message: string, details: unknown[] = [], headers?: Record<string, string>): FakeReply {
  return { status, headers, json: { error: { code: status, message, status: code, ...(details.length > 0 && { details }) } } }
}

/** The failures Gemini answers with, in Google's words and bodies. */
export const geminiErrors = {
  /** A wrong or expired key: a 400, told apart from a bad request only by its `ErrorInfo` reason. */
  invalidApiKey: () =>
    googleError(400, 'INVALID_ARGUMENT', 'API key not valid. Please pass a valid API key.', [
      { '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'API_KEY_INVALID', domain: 'googleapis.com', metadata: { service: 'generativelanguage.googleapis.com' } },
      { '@type': 'type.googleapis.com/google.rpc.LocalizedMessage', locale: 'en-US', message: 'API key not valid. Please pass a valid API key.' }
    ]),
  missingApiKey: () =>
    googleError(
      403,
      'PERMISSION_DENIED',
      "Method doesn't allow unregistered callers (callers without established identity). Please use API Key or other form of API consumer identity to call this API."
    ),
  locationNotSupported: () => googleError(400, 'FAILED_PRECONDITION', 'User location is not supported for the API use.'),
  /** A quota used up: `RetryInfo.retryDelay` says when to come back (and, with `header`, `Retry-After` too). */
  rateLimited: (retryDelaySeconds: number, { header }: { header?: string } = {}) =>
    googleError(
      429,
      'RESOURCE_EXHAUSTED',
      `You exceeded your current quota, please check your plan and billing details. For more information on this error, head to: https://ai.google.dev/gemini-api/docs/rate-limits.\n* Quota exceeded for metric: generativelanguage.googleapis.com/generate_content_free_tier_requests, limit: 10, model: gemini-2.5-flash\nPlease retry in ${retryDelaySeconds}.284319823s.`,
      [
        {
          '@type': 'type.googleapis.com/google.rpc.QuotaFailure',
          violations: [
            {
              quotaMetric: 'generativelanguage.googleapis.com/generate_content_free_tier_requests',
              quotaId: 'GenerateRequestsPerMinutePerProjectPerModel-FreeTier',
              quotaDimensions: { location: 'global', model: 'gemini-2.5-flash' },
              quotaValue: '10'
            }
          ]
        },
        { '@type': 'type.googleapis.com/google.rpc.Help', links: [{ description: 'Learn more about Gemini API quotas', url: 'https://ai.google.dev/gemini-api/docs/rate-limits' }] },
        { '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: `${retryDelaySeconds}s` }
      ],
      header === undefined ? undefined : { 'retry-after': header }
    ),
  overloaded: () => googleError(503, 'UNAVAILABLE', 'The model is overloaded. Please try again later.'),
  internal: () => googleError(500, 'INTERNAL', 'An internal error has occurred. Please retry or report in https://developers.generativeai.google/guide/troubleshooting'),
  deadlineExceeded: () => googleError(504, 'DEADLINE_EXCEEDED', 'Deadline expired before operation could complete.'),
  contextTooLong: () => googleError(400, 'INVALID_ARGUMENT', 'The input token count (1196265) exceeds the maximum number of tokens allowed (1048576).'),
  modelNotFound: (model: string) =>
    googleError(
      404,
      'NOT_FOUND',
      `models/${model} is not found for API version v1beta, or is not supported for generateContent. Call ListModels to see the list of available models and their supported methods.`
    )
}
