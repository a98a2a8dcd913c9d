import type { TroupeConfig } from '../config/load-config.js'

/** Where `OPENAI_API_KEY` goes when the operator names no `OPENAI_BASE_URL`. */
export const openAiApiUrl = 'https://api.openai.com/v1'

type OperatorConfig = Pick<TroupeConfig, 'openaiBaseUrl' | 'openaiApiKey'>

/** The endpoint of the operator's default provider (`OPENAI_BASE_URL`/`OPENAI_API_KEY`), if there is one. */
export function operatorLlmEndpoint(config: OperatorConfig): string | undefined {
  if (!config.openaiBaseUrl && !config.openaiApiKey) return undefined
  return config.openaiBaseUrl ?? openAiApiUrl
}

const trimmedPath = (url: URL) => url.pathname.replace(/\/+$/, '')

/**
 * Whether a provider's `baseUrl` is the operator's endpoint: the same origin, and a path at or
 * under the operator's (`/v1` covers `/v1/` and `/v1/x`, not `/v1x`). Only there may the
 * operator's key go.
 */
export function isOperatorEndpoint(baseUrl: string | null | undefined, config: OperatorConfig): boolean {
  const operator = operatorLlmEndpoint(config)
  if (!operator || !baseUrl) return false
  let url: URL
  try {
    url = new URL(baseUrl)
  } catch {
    return false
  }
  const own = new URL(operator)
  const path = trimmedPath(url)
  return url.origin === own.origin && !url.username && !url.password && (path === trimmedPath(own) || path.startsWith(`${trimmedPath(own)}/`))
}
