import { LlmProviderError } from '@troupe/sdk/plugin'
import { deploymentNamePattern } from './options-schema.js'

/**
 * The resource endpoint of a record's `baseUrl` (`https://<resource>.openai.azure.com`), without
 * trailing slashes or the `/openai` the portal's sample URLs end with: the client adds `/openai`.
 * Throws when there is none, so a record without it is refused when it is saved.
 */
export function resourceEndpoint(baseUrl: string | undefined): string {
  if (!baseUrl) throw new Error('An azure-openai provider needs baseUrl: the resource endpoint, https://<resource>.openai.azure.com')
  if (!URL.canParse(baseUrl)) throw new Error(`baseUrl is not a URL: ${baseUrl}`)
  return baseUrl.replace(/\/+$/, '').replace(/\/openai$/, '')
}

const deploymentName = new RegExp(deploymentNamePattern)

/** A deployment's name, checked before it becomes part of the request's path. */
export function checkedDeployment(name: string): string {
  if (!deploymentName.test(name)) throw LlmProviderError.of('bad_request', `"${name}" is not an Azure OpenAI deployment name (letters, digits, ".", "_" and "-", at most 64)`)
  return name
}
