import type { Id, NullableId, Params, Paginated } from '@feathersjs/feathers'
import type { Agent, AgentData, AgentPatch, Crew, CrewData, CrewPatch } from './schemas/crews.js'
import type { ApiKey, ApiKeyData, CreatedApiKey } from './schemas/api-keys.js'
import type { Approval, ApprovalDecision } from './schemas/approvals.js'
import type { AuditLog } from './schemas/audit-logs.js'
import type { AuthRequest, AuthResult } from './schemas/authentication.js'
import type { ChatMessageData, ChatMessagePatch, ChatMessageRecord, ChatSession, ChatSessionData, ChatSessionPatch } from './schemas/chat.js'
import type { DashboardQuery, DashboardSummary } from './schemas/dashboard.js'
import type {
  EmailVerificationConfirmationData,
  EmailVerificationConfirmed,
  EmailVerificationData,
  EmailVerificationRequested,
  Invitation,
  InvitationAcceptanceData,
  InvitationAcceptanceResult,
  InvitationData,
  PasswordResetConfirmationData,
  PasswordResetConfirmed,
  PasswordResetData,
  PasswordResetRequested
} from './schemas/email-tokens.js'
import type { Execution, ExecutionData, ExecutionEvent, ExecutionPatch, ExecutionRerunData } from './schemas/executions.js'
import type { Flow, FlowData, FlowPatch, FlowVersion } from './schemas/flows.js'
import type { GdprEraseData, GdprExport, GdprExportData } from './schemas/gdpr.js'
import type { LlmProviderData, LlmProviderKindInfo, LlmProviderPatch, LlmProviderRecord, LlmProviderTestResult } from './schemas/llm-providers.js'
import type { NodeTypeInfo, NodeTypePreview, NodeTypePreviewData, PluginInfo } from './schemas/plugins.js'
import type { SignupData, SignupResult } from './schemas/signup.js'
import type { SsoOption, SsoSettings, SsoSettingsData } from './schemas/sso.js'
import type { Tenant, TenantPatch } from './schemas/tenants.js'
import type { McpDiscoveryData, McpDiscoveryResult, Tool, ToolData, ToolPatch, ToolTestData, ToolTestResult } from './schemas/tools.js'
import type { UsageQuery, UsageReport } from './schemas/usage.js'
import type { User, UserData, UserPatch } from './schemas/users.js'

/**
 * Service paths, the methods each one offers to clients and the client's types, all from one
 * table (`serviceTable`). REST serves them under `restPrefix`; Socket.IO clients use the bare path
 * as the service name.
 */
export const restPrefix = '/api/v1'

/** The methods a Feathers service may offer. */
export type ServiceMethodName = 'find' | 'get' | 'create' | 'update' | 'patch' | 'remove'

interface Crud<Result, Data, Patch> {
  find(params?: Params): Promise<Paginated<Result>>
  get(id: Id, params?: Params): Promise<Result>
  create(data: Data, params?: Params): Promise<Result>
  patch(id: NullableId, data: Patch, params?: Params): Promise<Result>
  remove(id: NullableId, params?: Params): Promise<Result>
}

interface ReadOnly<Result> {
  find(params?: Params): Promise<Paginated<Result>>
  get(id: Id, params?: Params): Promise<Result>
}

/** One row of the table: where the service is, what it offers, and (as a type only) how a client calls it. */
export interface ServiceEntry<Path extends string, Methods extends readonly ServiceMethodName[], Client> {
  readonly path: Path
  readonly methods: Methods
  /** Never set: carries the client's type of the service. */
  readonly client?: Client
}

/** A row of the table, typed by the client's interface of the service. */
const service =
  <Client>() =>
  <const Path extends string, const Methods extends readonly ServiceMethodName[]>(path: Path, methods: Methods): ServiceEntry<Path, Methods, Client> => ({ path, methods })

/** Every service a client can call: its path, its methods and the client's types. */
export const serviceTable = {
  signup: service<{ create(data: SignupData, params?: Params): Promise<SignupResult> }>()('signup', ['create']),
  /** `create` logs in (or refreshes, or checks a token or API key); `remove` logs out. */
  authentication: service<{ create(data: AuthRequest, params?: Params): Promise<AuthResult>; remove(id: NullableId, params?: Params): Promise<unknown> }>()('authentication', [
    'create',
    'remove'
  ]),
  users: service<Crud<User, UserData, UserPatch>>()('users', ['find', 'get', 'create', 'patch', 'remove']),
  /** Admins invite an address with a role (mailed link, one use, 7 days); `find` lists pending ones, `remove` revokes. */
  invitations: service<Omit<Crud<Invitation, InvitationData, never>, 'patch'>>()('invitations', ['find', 'get', 'create', 'remove']),
  /** Public: the invitee accepts with the mailed token; answers like a login. */
  invitationAcceptances: service<{ create(data: InvitationAcceptanceData, params?: Params): Promise<InvitationAcceptanceResult> }>()('invitation-acceptances', [
    'create'
  ]),
  /** Public: mails a reset link; answers 202 alike whether the address has an account or not. */
  passwordResets: service<{ create(data: PasswordResetData, params?: Params): Promise<PasswordResetRequested> }>()('password-resets', ['create']),
  /** Public: sets a new password with the mailed token and ends every session of the user. */
  passwordResetConfirmations: service<{ create(data: PasswordResetConfirmationData, params?: Params): Promise<PasswordResetConfirmed> }>()(
    'password-reset-confirmations',
    ['create']
  ),
  /** Signed in: mails a new link proving the caller's own address (rate-limited). */
  emailVerifications: service<{ create(data: EmailVerificationData, params?: Params): Promise<EmailVerificationRequested> }>()('email-verifications', ['create']),
  /** Public: proves the address with the mailed token (one use, 24 hours). */
  emailVerificationConfirmations: service<{ create(data: EmailVerificationConfirmationData, params?: Params): Promise<EmailVerificationConfirmed> }>()(
    'email-verification-confirmations',
    ['create']
  ),
  apiKeys: service<Omit<Crud<ApiKey, ApiKeyData, never>, 'create' | 'patch'> & { create(data: ApiKeyData, params?: Params): Promise<CreatedApiKey> }>()('api-keys', [
    'find',
    'get',
    'create',
    'remove'
  ]),
  flows: service<Crud<Flow, FlowData, FlowPatch> & { update(id: Id, data: FlowData, params?: Params): Promise<Flow> }>()('flows', ['find', 'get', 'create', 'update', 'patch', 'remove']),
  /** Saved versions of flows, read-only: `?flowId=&version=` is the version an execution pinned. */
  flowVersions: service<{ find(params?: Params): Promise<Paginated<FlowVersion>> }>()('flow-versions', ['find']),
  plugins: service<ReadOnly<PluginInfo>>()('plugins', ['find', 'get']),
  nodeTypes: service<ReadOnly<NodeTypeInfo>>()('node-types', ['find', 'get']),
  /** What a node type says about params (a schedule's next fire times), for the editor. */
  nodeTypePreviews: service<{ create(data: NodeTypePreviewData, params?: Params): Promise<NodeTypePreview> }>()('node-type-previews', ['create']),
  llmProviders: service<Crud<LlmProviderRecord, LlmProviderData, LlmProviderPatch>>()('llm-providers', ['find', 'get', 'create', 'patch', 'remove']),
  /** The provider kinds the loaded plugins contribute, read-only: what a provider's form is drawn from. */
  llmProviderKinds: service<ReadOnly<LlmProviderKindInfo>>()('llm-provider-kinds', ['find', 'get']),
  /** Call with `{ route: { providerId } }` in params. */
  llmProviderTests: service<{ create(data: { prompt?: string }, params: Params & { route: { providerId: string } }): Promise<LlmProviderTestResult> }>()(
    'llm-providers/:providerId/test',
    ['create']
  ),
  usage: service<{ find(params?: Params<UsageQuery>): Promise<UsageReport> }>()('usage', ['find']),
  /** The tenant at a glance (counts, latest runs, outcomes and LLM spend per day), in one call. */
  dashboard: service<{ find(params?: Params<DashboardQuery>): Promise<DashboardSummary> }>()('dashboard', ['find']),
  executions: service<Crud<Execution, ExecutionData, ExecutionPatch>>()('executions', ['find', 'get', 'create', 'patch', 'remove']),
  executionReruns: service<{ create(data: ExecutionRerunData, params: Params & { route: { executionId: string } }): Promise<Execution> }>()('executions/:executionId/rerun', [
    'create'
  ]),
  executionEvents: service<{ find(params?: Params): Promise<Paginated<ExecutionEvent>> }>()('execution-events', ['find']),
  /** Socket.IO only: join or leave the live event stream of one execution. */
  executionSubscriptions: service<{
    create(data: { executionId: string }, params?: Params): Promise<{ executionId: string; subscribed: boolean }>
    remove(executionId: Id, params?: Params): Promise<{ executionId: string; subscribed: boolean }>
  }>()('execution-subscriptions', ['create', 'remove']),
  /** Public: run a flow that starts with `trigger.webhook`; answers with its output. */
  hooks: service<{ create(body: unknown, params: Params & { route: { flowId: string } }): Promise<unknown> }>()('hooks/:flowId', ['create']),
  tools: service<Crud<Tool, ToolData, ToolPatch>>()('tools', ['find', 'get', 'create', 'patch', 'remove']),
  /** Call with `{ route: { toolId } }` in params. */
  toolTests: service<{ create(data: ToolTestData, params: Params & { route: { toolId: string } }): Promise<ToolTestResult> }>()('tools/:toolId/test', ['create']),
  mcpDiscovery: service<{ create(data: McpDiscoveryData, params?: Params): Promise<McpDiscoveryResult> }>()('mcp-discovery', ['create']),
  agents: service<Crud<Agent, AgentData, AgentPatch>>()('agents', ['find', 'get', 'create', 'patch', 'remove']),
  crews: service<Crud<Crew, CrewData, CrewPatch>>()('crews', ['find', 'get', 'create', 'patch', 'remove']),
  crewMemories: service<{
    find(params?: Params): Promise<Array<{ id: string; crewId: string; summary: string; executionId: string | null; createdAt: string }>>
  }>()('crew-memories', ['find']),
  chatSessions: service<Crud<ChatSession, ChatSessionData, ChatSessionPatch>>()('chat-sessions', ['find', 'get', 'create', 'patch', 'remove']),
  /** Socket.IO also emits `token` events (`ChatTokenEvent`) for streaming answers. */
  chatMessages: service<Omit<Crud<ChatMessageRecord, ChatMessageData, ChatMessagePatch>, 'remove'>>()('chat-messages', ['find', 'get', 'create', 'patch']),
  auditLogs: service<ReadOnly<AuditLog>>()('audit-logs', ['find', 'get']),
  gdprExport: service<{ create(data: GdprExportData, params?: Params): Promise<GdprExport> }>()('gdpr/export', ['create']),
  gdprErase: service<{ create(data: GdprEraseData, params?: Params): Promise<{ erased: 'user' | 'tenant'; id: string }> }>()('gdpr/erase', ['create']),
  tenants: service<{ get(id: Id, params?: Params): Promise<Tenant>; patch(id: Id, data: TenantPatch, params?: Params): Promise<Tenant> }>()('tenants', ['get', 'patch']),
  /** Admins only: the tenant's OIDC single sign-on (`id` is the tenant's); `update` saves it whole, `remove` turns it off. */
  ssoSettings: service<{
    get(id: Id, params?: Params): Promise<SsoSettings>
    update(id: Id, data: SsoSettingsData, params?: Params): Promise<SsoSettings>
    remove(id: Id, params?: Params): Promise<SsoSettings>
  }>()('sso-settings', ['get', 'update', 'remove']),
  /** Public: which tenants offer SSO for `?q=` (a workspace id or name, an email address or domain). */
  ssoOptions: service<{ find(params?: Params): Promise<SsoOption[]> }>()('sso-options', ['find']),
  /** Requests for a person's decision (`human.approval` nodes); the inbox is `?status=pending`. */
  approvals: service<ReadOnly<Approval>>()('approvals', ['find', 'get']),
  /** Call with `{ route: { executionId } }` in params: approve or reject a waiting approval. */
  approvalDecisions: service<{ create(data: ApprovalDecision, params: Params & { route: { executionId: string } }): Promise<Approval> }>()(
    'executions/:executionId/approvals',
    ['create']
  )
}

type Table = typeof serviceTable

/** Each service's path under its name in the table (`servicePaths.apiKeys` is `'api-keys'`). */
export const servicePaths = Object.fromEntries(Object.entries(serviceTable).map(([name, { path }]) => [name, path])) as {
  readonly [Name in keyof Table]: Table[Name]['path']
}

export type ServicePath = Table[keyof Table]['path']

/** The methods each path offers to clients. */
export const serviceMethods = Object.fromEntries(Object.values(serviceTable).map(({ path, methods }) => [path, methods])) as {
  readonly [Name in keyof Table as Table[Name]['path']]: Table[Name]['methods']
}

/** The client's type of every service, by path. */
export type ServiceTableTypes = { [Name in keyof Table as Table[Name]['path']]: NonNullable<Table[Name]['client']> }

/** The names in the table whose listed methods differ from the methods of their client's type. */
type MethodsDisagree = {
  [Name in keyof Table]: [Extract<keyof NonNullable<Table[Name]['client']>, ServiceMethodName>] extends [Table[Name]['methods'][number]]
    ? [Table[Name]['methods'][number]] extends [Extract<keyof NonNullable<Table[Name]['client']>, ServiceMethodName>]
      ? never
      : Name
    : Name
}[keyof Table]

type NoneOf<Names extends never> = Names

/** Does not compile, naming the service, when a row's methods and its client's type disagree. */
export type EveryServiceAgrees = NoneOf<MethodsDisagree>

/** Not a service: `GET` answers Server-Sent Events of one execution (REST only). */
export const executionEventStreamPath = `${restPrefix}/executions/:executionId/events`
