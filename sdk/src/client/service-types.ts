import type { Id, NullableId, Params, Paginated } from '@feathersjs/feathers'
import type {
  Execution,
  ExecutionData,
  ExecutionEvent,
  ExecutionPatch,
  ExecutionRerunData,
  LlmProviderData,
  LlmProviderPatch,
  LlmProviderRecord,
  LlmProviderTestResult,
  NodeTypeInfo,
  NodeTypePreview,
  NodeTypePreviewData,
  PluginInfo,
  UsageQuery,
  UsageReport,
  DashboardQuery,
  DashboardSummary,
  ApiKey,
  ApiKeyData,
  CreatedApiKey,
  Flow,
  FlowData,
  FlowPatch,
  FlowVersion,
  SignupData,
  SignupResult,
  User,
  UserData,
  UserPatch,
  Tool,
  ToolData,
  ToolPatch,
  ToolTestData,
  ToolTestResult,
  McpDiscoveryData,
  McpDiscoveryResult,
  Agent,
  AgentData,
  AgentPatch,
  Crew,
  CrewData,
  CrewPatch,
  ChatSession,
  ChatSessionData,
  ChatSessionPatch,
  ChatMessageRecord,
  ChatMessageData,
  ChatMessagePatch,
  AuditLog,
  GdprExport,
  GdprExportData,
  GdprEraseData,
  Tenant,
  TenantPatch,
  Approval,
  ApprovalDecision
} from '../contract/index.js'

interface Crud<Result, Data, Patch> {
  find(params?: Params): Promise<Paginated<Result>>
  get(id: Id, params?: Params): Promise<Result>
  create(data: Data, params?: Params): Promise<Result>
  patch(id: NullableId, data: Patch, params?: Params): Promise<Result>
  remove(id: NullableId, params?: Params): Promise<Result>
}

/** Every service a client can call, typed from the contract. */
export interface ServiceTypes {
  signup: { create(data: SignupData, params?: Params): Promise<SignupResult> }
  users: Crud<User, UserData, UserPatch>
  'api-keys': Omit<Crud<ApiKey, ApiKeyData, never>, 'create' | 'patch'> & {
    create(data: ApiKeyData, params?: Params): Promise<CreatedApiKey>
  }
  flows: Crud<Flow, FlowData, FlowPatch> & { update(id: Id, data: FlowData, params?: Params): Promise<Flow> }
  /** Saved versions of flows, read-only: `?flowId=&version=` is the version an execution pinned. */
  'flow-versions': { find(params?: Params): Promise<Paginated<FlowVersion>> }
  plugins: ReadOnly<PluginInfo>
  'node-types': ReadOnly<NodeTypeInfo>
  /** What a node type says about params (a schedule's next fire times), for the editor. */
  'node-type-previews': { create(data: NodeTypePreviewData, params?: Params): Promise<NodeTypePreview> }
  'llm-providers': Crud<LlmProviderRecord, LlmProviderData, LlmProviderPatch>
  /** Call with `{ route: { providerId } }` in params. */
  'llm-providers/:providerId/test': {
    create(data: { prompt?: string }, params: Params & { route: { providerId: string } }): Promise<LlmProviderTestResult>
  }
  usage: { find(params?: Params<UsageQuery>): Promise<UsageReport> }
  /** The tenant at a glance (counts, latest runs, outcomes and LLM spend per day), in one call. */
  dashboard: { find(params?: Params<DashboardQuery>): Promise<DashboardSummary> }
  executions: Crud<Execution, ExecutionData, ExecutionPatch>
  'executions/:executionId/rerun': { create(data: ExecutionRerunData, params: Params & { route: { executionId: string } }): Promise<Execution> }
  'execution-events': { find(params?: Params): Promise<Paginated<ExecutionEvent>> }
  /** Socket.IO only: join or leave the live event stream of one execution. */
  'execution-subscriptions': {
    create(data: { executionId: string }, params?: Params): Promise<{ executionId: string; subscribed: boolean }>
    remove(executionId: Id, params?: Params): Promise<{ executionId: string; subscribed: boolean }>
  }
  /** Public: run a flow that starts with `trigger.webhook`; answers with its output. */
  'hooks/:flowId': { create(body: unknown, params: Params & { route: { flowId: string } }): Promise<unknown> }
  tools: Crud<Tool, ToolData, ToolPatch>
  /** Call with `{ route: { toolId } }` in params. */
  'tools/:toolId/test': { create(data: ToolTestData, params: Params & { route: { toolId: string } }): Promise<ToolTestResult> }
  'mcp-discovery': { create(data: McpDiscoveryData, params?: Params): Promise<McpDiscoveryResult> }
  agents: Crud<Agent, AgentData, AgentPatch>
  crews: Crud<Crew, CrewData, CrewPatch>
  'crew-memories': { find(params?: Params): Promise<Array<{ id: string; crewId: string; summary: string; executionId: string | null; createdAt: string }>> }
  'chat-sessions': Crud<ChatSession, ChatSessionData, ChatSessionPatch>
  /** Socket.IO also emits `token` events (`ChatTokenEvent`) for streaming answers. */
  'chat-messages': Omit<Crud<ChatMessageRecord, ChatMessageData, ChatMessagePatch>, 'remove'>
  'audit-logs': ReadOnly<AuditLog>
  'gdpr/export': { create(data: GdprExportData, params?: Params): Promise<GdprExport> }
  'gdpr/erase': { create(data: GdprEraseData, params?: Params): Promise<{ erased: 'user' | 'tenant'; id: string }> }
  tenants: { get(id: Id, params?: Params): Promise<Tenant>; patch(id: Id, data: TenantPatch, params?: Params): Promise<Tenant> }
  /** Requests for a person's decision (`human.approval` nodes); the inbox is `?status=pending`. */
  approvals: ReadOnly<Approval>
  /** Call with `{ route: { executionId } }` in params: approve or reject a waiting approval. */
  'executions/:executionId/approvals': { create(data: ApprovalDecision, params: Params & { route: { executionId: string } }): Promise<Approval> }
}

interface ReadOnly<Result> {
  find(params?: Params): Promise<Paginated<Result>>
  get(id: Id, params?: Params): Promise<Result>
}
