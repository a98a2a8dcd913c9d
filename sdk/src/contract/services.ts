/**
 * Service paths and the methods each one offers to clients. REST serves them under
 * `restPrefix`; Socket.IO clients use the bare path as the service name.
 */
export const restPrefix = '/api/v1'

export const servicePaths = {
  signup: 'signup',
  authentication: 'authentication',
  users: 'users',
  apiKeys: 'api-keys',
  flows: 'flows',
  flowVersions: 'flow-versions',
  plugins: 'plugins',
  nodeTypes: 'node-types',
  nodeTypePreviews: 'node-type-previews',
  llmProviders: 'llm-providers',
  llmProviderTests: 'llm-providers/:providerId/test',
  usage: 'usage',
  dashboard: 'dashboard',
  executions: 'executions',
  executionReruns: 'executions/:executionId/rerun',
  executionEvents: 'execution-events',
  executionSubscriptions: 'execution-subscriptions',
  hooks: 'hooks/:flowId',
  tools: 'tools',
  toolTests: 'tools/:toolId/test',
  mcpDiscovery: 'mcp-discovery',
  agents: 'agents',
  crews: 'crews',
  crewMemories: 'crew-memories',
  chatSessions: 'chat-sessions',
  chatMessages: 'chat-messages',
  auditLogs: 'audit-logs',
  gdprExport: 'gdpr/export',
  gdprErase: 'gdpr/erase',
  tenants: 'tenants',
  approvals: 'approvals',
  approvalDecisions: 'executions/:executionId/approvals'
} as const

/** Not a service: `GET` answers Server-Sent Events of one execution (REST only). */
export const executionEventStreamPath = `${restPrefix}/executions/:executionId/events`

export type ServicePath = (typeof servicePaths)[keyof typeof servicePaths]

export const serviceMethods = {
  signup: ['create'],
  authentication: ['create', 'remove'],
  users: ['find', 'get', 'create', 'patch', 'remove'],
  'api-keys': ['find', 'get', 'create', 'remove'],
  flows: ['find', 'get', 'create', 'update', 'patch', 'remove'],
  'flow-versions': ['find'],
  plugins: ['find', 'get'],
  'node-types': ['find', 'get'],
  'node-type-previews': ['create'],
  'llm-providers': ['find', 'get', 'create', 'patch', 'remove'],
  'llm-providers/:providerId/test': ['create'],
  usage: ['find'],
  dashboard: ['find'],
  executions: ['find', 'get', 'create', 'patch', 'remove'],
  'executions/:executionId/rerun': ['create'],
  'execution-events': ['find'],
  'execution-subscriptions': ['create', 'remove'],
  'hooks/:flowId': ['create'],
  tools: ['find', 'get', 'create', 'patch', 'remove'],
  'tools/:toolId/test': ['create'],
  'mcp-discovery': ['create'],
  agents: ['find', 'get', 'create', 'patch', 'remove'],
  crews: ['find', 'get', 'create', 'patch', 'remove'],
  'crew-memories': ['find'],
  'chat-sessions': ['find', 'get', 'create', 'patch', 'remove'],
  'chat-messages': ['find', 'get', 'create', 'patch'],
  'audit-logs': ['find', 'get'],
  'gdpr/export': ['create'],
  'gdpr/erase': ['create'],
  tenants: ['get', 'patch'],
  approvals: ['find', 'get'],
  'executions/:executionId/approvals': ['create']
} as const satisfies Record<ServicePath, readonly string[]>
