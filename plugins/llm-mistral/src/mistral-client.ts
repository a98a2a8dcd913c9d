import { HTTPClient, Mistral } from '@mistralai/mistralai'
import type { LlmProviderConfig } from '@troupe/sdk/plugin'
import { assertNoDedicatedTelemetry } from './mistral-telemetry.js'

/** Mistral's API as its documentation gives the base URL. */
export const mistralApiUrl = 'https://api.mistral.ai/v1'

/**
 * The SDK's server URL for a provider record's base URL. The SDK's paths start with `/v1`, while
 * Mistral documents (and users copy) `https://api.mistral.ai/v1`: both spellings reach the API.
 */
export function serverUrlOf(baseUrl: string): string {
  return baseUrl.replace(/\/+$/, '').replace(/\/v1$/, '')
}

/**
 * With `MISTRAL_DEBUG` set the SDK logs every request to the console, headers included (the
 * tenant's key in `Authorization`); a logger of its own that drops everything keeps it from
 * picking the console.
 */
const silentLogger = { group: () => undefined, groupEnd: () => undefined, log: () => undefined }

export { assertNoDedicatedTelemetry } from './mistral-telemetry.js'

/**
 * Mistral's SDK for one provider record: every request through the host's `fetch` (the SDK's
 * `HTTPClient` fetcher), no retries (the host fails over to the next provider instead), and never
 * a key or setting from the server's own environment.
 */
export function createMistralClient(config: Pick<LlmProviderConfig, 'baseUrl' | 'apiKey' | 'fetch'>): Mistral {
  assertNoDedicatedTelemetry()
  return new Mistral({
    serverURL: serverUrlOf(config.baseUrl ?? mistralApiUrl),
    // Without a key of its own the SDK would send MISTRAL_API_KEY from the server's environment; an
    // empty one sends no Authorization header at all.
    apiKey: config.apiKey ?? '',
    httpClient: new HTTPClient({ fetcher: (input, init) => config.fetch(input, init) }),
    retryConfig: { strategy: 'none' },
    debugLogger: silentLogger
  })
}
