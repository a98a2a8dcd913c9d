import { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime'
import { FetchHttpHandler } from '@smithy/fetch-http-handler'
import type { LlmProviderConfig } from '@troupe/sdk/plugin'
import type { BedrockOptions } from './options-schema.js'

/** The regional Converse endpoint a record without a base URL calls. */
export function bedrockRuntimeUrl(region: string): string {
  return `https://bedrock-runtime.${region}.amazonaws.com`
}

function refusedLookup(what: string): () => never {
  return () => {
    throw new Error(`The bedrock provider takes ${what} from its record only`)
  }
}

/**
 * A Bedrock Runtime client that signs with the record's key and nothing else. The SDK's Node
 * defaults read the host's environment, profile files and instance metadata for credentials,
 * region, endpoint (`AWS_ENDPOINT_URL_BEDROCK_RUNTIME`), retries and auth scheme
 * (`AWS_BEARER_TOKEN_BEDROCK` switches to a bearer token): each of those is given here so none is
 * looked up. Every request goes through the host's fetch, which refuses forbidden addresses; the
 * SDK's own HTTP/2 handler would open sockets past it.
 */
export function createBedrockClient(config: LlmProviderConfig, secretAccessKey: string): BedrockRuntimeClient {
  const { region, accessKeyId } = config.options as unknown as BedrockOptions
  return new BedrockRuntimeClient({
    region,
    endpoint: config.baseUrl ?? bedrockRuntimeUrl(region),
    credentials: { accessKeyId, secretAccessKey },
    credentialDefaultProvider: refusedLookup('credentials'),
    authSchemePreference: ['sigv4'],
    token: refusedLookup('tokens'),
    requestHandler: new FetchHttpHandler({ customFetch: config.fetch }),
    // The host fails over to the next provider instead.
    maxAttempts: 1,
    retryMode: 'standard',
    defaultsMode: 'standard',
    useFipsEndpoint: false,
    useDualstackEndpoint: false,
    userAgentAppId: 'troupe'
  })
}
