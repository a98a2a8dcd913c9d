import type { TroupeConfig } from '../config/load-config.js'
import type { OperatorEndpoints } from '../llm/operator-endpoints.js'
import { endpointOf, type NetworkPolicy } from './network-policy.js'

type PolicyConfig = Pick<TroupeConfig, 'allowLoopback' | 'allowPrivateNetworks' | 'llmAllowedHosts'>

/** What tenants' HTTP and MCP tools (and MCP discovery) may reach: the operator's allow-list is not theirs. */
export function toolNetworkPolicy(config: PolicyConfig): NetworkPolicy {
  return { allowLoopback: config.allowLoopback, allowPrivateNetworks: config.allowPrivateNetworks }
}

const llmPolicies = new WeakMap<OperatorEndpoints, NetworkPolicy>()

/**
 * What LLM providers may reach: the tool policy, plus the endpoints of `TROUPE_LLM_ALLOWED_HOSTS`
 * and the operator's own endpoints of the provider kinds (`OPENAI_BASE_URL`) even on loopback or
 * private addresses. One policy per start (`operators` is read once).
 */
export function llmNetworkPolicy(config: PolicyConfig, operators: OperatorEndpoints): NetworkPolicy {
  let policy = llmPolicies.get(operators)
  if (!policy) {
    const endpoints = new Set(config.llmAllowedHosts)
    for (const baseUrl of operators.baseUrls()) endpoints.add(endpointOf(new URL(baseUrl)))
    policy = { ...toolNetworkPolicy(config), allowedEndpoints: endpoints }
    llmPolicies.set(operators, policy)
  }
  return policy
}

/**
 * What SSO issuers (discovery, keys, token endpoint) may reach: the tool policy, plus the endpoints
 * of `TROUPE_SSO_ALLOWED_HOSTS` even on loopback or private addresses.
 */
export function ssoNetworkPolicy(config: PolicyConfig & Pick<TroupeConfig, 'ssoAllowedHosts'>): NetworkPolicy {
  return { ...toolNetworkPolicy(config), allowedEndpoints: new Set(config.ssoAllowedHosts) }
}
