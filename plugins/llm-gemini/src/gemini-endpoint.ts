import { failureOfResponse } from './map-gemini-error.js'

/** Where the Gemini Developer API answers when the record names no base URL. */
export const geminiApiUrl = 'https://generativelanguage.googleapis.com'

/** The API version this plugin speaks: `responseJsonSchema` and `parametersJsonSchema` are v1beta's. */
const apiVersion = 'v1beta'

export type GeminiMethod = 'generateContent' | 'streamGenerateContent' | 'batchEmbedContents'

/** The model's resource name: `models/gemini-2.5-flash`, whether or not the request said `models/`. */
export function modelResource(model: string): string {
  return `models/${model.replace(/^models\//, '')}`
}

/**
 * The URL of a model's method below `baseUrl` (an origin, or a gateway's path to the API). The
 * model name is one path segment: a tenant's model name cannot reach another path.
 */
export function methodUrl(baseUrl: string, model: string, method: GeminiMethod): URL {
  const name = encodeURIComponent(model.replace(/^models\//, ''))
  const url = new URL(`${baseUrl.replace(/\/+$/, '')}/${apiVersion}/models/${name}:${method}`)
  // Without `alt=sse` Google streams one JSON array instead of server-sent events.
  if (method === 'streamGenerateContent') url.searchParams.set('alt', 'sse')
  return url
}

export interface GeminiPost {
  fetch: typeof fetch
  apiKey?: string
  headers?: Record<string, string>
  signal: AbortSignal
}

/**
 * POSTs a JSON body through the host's fetch and hands back the 200 response; an error status
 * is thrown as the failure it means. The key goes in `x-goog-api-key`, never in the URL, where
 * logs and error messages would show it, and the record's extra headers cannot replace it.
 */
export async function postGemini(url: URL, body: unknown, { fetch, apiKey, headers, signal }: GeminiPost): Promise<Response> {
  const sent = new Headers(headers)
  sent.set('content-type', 'application/json')
  if (apiKey) sent.set('x-goog-api-key', apiKey)
  else sent.delete('x-goog-api-key')
  const response = await fetch(url, { method: 'POST', headers: sent, body: JSON.stringify(body), signal })
  if (!response.ok) throw await failureOfResponse(response)
  return response
}
