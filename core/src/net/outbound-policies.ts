import type { TroupeConfig } from '../config/load-config.js'
import { operatorLlmEndpoint } from '../llm/operator-credential.js'
import { endpointOf, type NetworkPolicy } from './network-policy.js'

type PolicyConfig = Pick<TroupeConfig, 'allowLoopback' | 'allowPrivateNetworks' | 'llmAllowedHosts' | 'openaiBaseUrl' | 'openaiApiKey'>

/** What tenants' HTTP and MCP tools (and MCP discovery) may reach: the operator's allow-list is not theirs. */
export function toolNetworkPolicy(config: PolicyConfig): NetworkPolicy {
  return { allowLoopback: config.allowLoopback, allowPrivateNetworks: config.allowPrivateNetworks }
}

const llmPolicies = new WeakMap<PolicyConfig, NetworkPolicy>()

/**
 * What LLM providers may reach: the tool policy, plus the endpoints of `TROUPE_LLM_ALLOWED_HOSTS`
 * and the operator's own `OPENAI_BASE_URL` even on loopback or private addresses.
 */
export function llmNetworkPolicy(config: PolicyConfig): NetworkPolicy {
  let policy = llmPolicies.get(config)
  if (!policy) {
    const operator = operatorLlmEndpoint(config)
    const endpoints = new Set(config.llmAllowedHosts)
    if (operator) endpoints.add(endpointOf(new URL(operator)))
    policy = { ...toolNetworkPolicy(config), allowedEndpoints: endpoints }
    llmPolicies.set(config, policy)
  }
  return policy
}
