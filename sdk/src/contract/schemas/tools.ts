import { Type, querySyntax, type Static } from '@feathersjs/typebox'
import { Id, Timestamp } from './common.js'

/** Valid as an OpenAI function name and as an MCP tool name. */
export const toolNamePattern = '^[A-Za-z0-9_-]{1,64}$'

/**
 * The kinds the API has named since its first version; plugins add namespaced ones
 * (`weather.forecast`, plugin API 1.5). `code` is the core's own, `http` and `mcp` come from the
 * first-party plugins `tool-http` and `tool-mcp` (since plugin API 2).
 */
export const toolKinds = ['code', 'http', 'mcp'] as const
/**
 * Kinds whose settings the API shows in a field of the kind's own name (`http`, `mcp`) rather
 * than in `settings`: they predate plugin kinds. Stored like any plugin kind's settings.
 */
export const toolKindFields = ['http', 'mcp'] as const
export type ToolKindField = (typeof toolKindFields)[number]
export type BuiltinToolKind = (typeof toolKinds)[number]
/** A built-in kind or a plugin's namespaced kind. */
export type ToolKind = BuiltinToolKind | (string & {})
export const toolKindPattern = '^(code|http|mcp|[a-z][a-z0-9-]*(\\.[a-z0-9-]+)+)$'

/** Limits of one code-tool run; a runtime fills what is left out (5 s, 64 MB, 1 MiB). */
export const toolLimitsSchema = Type.Object(
  {
    timeoutMs: Type.Optional(Type.Integer({ minimum: 10, maximum: 300_000 })),
    memoryMb: Type.Optional(Type.Integer({ minimum: 8, maximum: 4096 })),
    maxOutputBytes: Type.Optional(Type.Integer({ minimum: 1024, maximum: 50 * 1024 * 1024 }))
  },
  { additionalProperties: false }
)

const HeaderMap = Type.Record(Type.String({ minLength: 1, maxLength: 200, pattern: '^[A-Za-z0-9!#$%&\'*+.^_`|~-]+$' }), Type.String({ maxLength: 8000 }))

/**
 * An HTTP tool: `url`, `headers` and `body` are templates over `{{ args.<path> }}` (values spliced
 * into the URL are percent-encoded); `headers` alone may also use `{{ secrets.<name> }}`.
 */
export const httpToolSettingsSchema = Type.Object(
  {
    method: Type.Union(['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].map((method) => Type.Literal(method))),
    url: Type.String({ minLength: 1, maxLength: 4000 }),
    headers: Type.Optional(HeaderMap),
    /** JSON body (any JSON value, strings inside are templates); sent for every method but GET. */
    body: Type.Optional(Type.Unknown()),
    timeoutMs: Type.Optional(Type.Integer({ minimum: 100, maximum: 300_000 })),
    maxResponseBytes: Type.Optional(Type.Integer({ minimum: 1024, maximum: 50 * 1024 * 1024 }))
  },
  { additionalProperties: false }
)
export type HttpToolSettings = Static<typeof httpToolSettingsSchema>

/** One tool of an external MCP server; `headers` are templates over `{{ secrets.<name> }}`. */
export const mcpToolSettingsSchema = Type.Object(
  {
    serverUrl: Type.String({ minLength: 1, maxLength: 4000 }),
    transport: Type.Optional(Type.Union([Type.Literal('streamable-http'), Type.Literal('sse')])),
    toolName: Type.String({ minLength: 1, maxLength: 200 }),
    headers: Type.Optional(HeaderMap),
    timeoutMs: Type.Optional(Type.Integer({ minimum: 100, maximum: 600_000 }))
  },
  { additionalProperties: false }
)
export type McpToolSettings = Static<typeof mcpToolSettingsSchema>

const JsonSchemaObject = Type.Record(Type.String(), Type.Unknown())

/** A tool as the API shows it: secret values are never shown, only their names. */
export const toolSchema = Type.Object(
  {
    id: Id,
    name: Type.String({ pattern: toolNamePattern }),
    description: Type.String({ maxLength: 4000 }),
    /** `code`, `http`, `mcp` or the namespaced kind a plugin contributes. */
    kind: Type.String({ pattern: toolKindPattern, maxLength: 100 }),
    /** JSON Schema (type `object`) of the arguments; every call is validated against it. */
    inputSchema: JsonSchemaObject,
    exposeViaMcp: Type.Boolean(),
    /** `code`: the ES module source; its default export receives the arguments. */
    code: Type.Union([Type.String(), Type.Null()]),
    language: Type.Union([Type.String(), Type.Null()]),
    /** `code`: the tool runtime that runs it (`sandbox-isolate` when left out). */
    runtime: Type.Union([Type.String(), Type.Null()]),
    limits: Type.Union([toolLimitsSchema, Type.Null()]),
    /** `code`: hosts the code may reach, where the runtime supports egress at all. */
    allowedHosts: Type.Array(Type.String()),
    http: Type.Union([httpToolSettingsSchema, Type.Null()]),
    mcp: Type.Union([mcpToolSettingsSchema, Type.Null()]),
    /** A plugin kind's settings, valid against that kind's `settingsSchema`; `null` for the core's kinds. */
    settings: Type.Union([JsonSchemaObject, Type.Null()]),
    secretNames: Type.Array(Type.String()),
    /** The origin the secrets are bound to and only ever sent to; a change of URL to another origin drops them. */
    secretsOrigin: Type.Union([Type.String(), Type.Null()]),
    createdBy: Type.Union([Id, Type.Null()]),
    createdAt: Timestamp,
    updatedAt: Timestamp
  },
  { $id: 'Tool', additionalProperties: false }
)
export type Tool = Static<typeof toolSchema>

const SecretName = Type.String({ pattern: '^[A-Za-z_][A-Za-z0-9_]{0,63}$' })

const writable = {
  name: Type.String({ pattern: toolNamePattern }),
  description: Type.Optional(Type.String({ maxLength: 4000 })),
  kind: toolSchema.properties.kind,
  inputSchema: Type.Optional(JsonSchemaObject),
  exposeViaMcp: Type.Optional(Type.Boolean()),
  code: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 256 * 1024 }), Type.Null()])),
  language: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 50 }), Type.Null()])),
  runtime: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 100 }), Type.Null()])),
  limits: Type.Optional(Type.Union([toolLimitsSchema, Type.Null()])),
  allowedHosts: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 253 }), { maxItems: 100 })),
  http: Type.Optional(Type.Union([httpToolSettingsSchema, Type.Null()])),
  mcp: Type.Optional(Type.Union([mcpToolSettingsSchema, Type.Null()])),
  settings: Type.Optional(Type.Union([Type.Record(Type.String(), Type.Unknown(), { maxProperties: 200 }), Type.Null()])),
  /**
   * Write-only, merged by name: stored encrypted, never returned; `null` removes one. Bound to the
   * origin of the tool's URL: a change to another origin drops those not sent again with it.
   */
  secrets: Type.Optional(
    Type.Record(SecretName, Type.Union([Type.String({ minLength: 1, maxLength: 8000 }), Type.Null()]), { maxProperties: 50 })
  )
}

export const toolDataSchema = Type.Object(writable, { $id: 'ToolData', additionalProperties: false })
export type ToolData = Static<typeof toolDataSchema>

export const toolPatchSchema = Type.Partial(Type.Object(writable), { $id: 'ToolPatch', additionalProperties: false })
export type ToolPatch = Static<typeof toolPatchSchema>

export const toolQuerySchema = querySyntax(Type.Pick(toolSchema, ['id', 'name', 'kind', 'exposeViaMcp', 'createdAt', 'updatedAt']))
export type ToolQuery = Static<typeof toolQuerySchema>

/** `POST /api/v1/tools/:toolId/test`: runs the tool once with these arguments. */
export const toolTestDataSchema = Type.Object(
  { args: Type.Optional(Type.Record(Type.String(), Type.Unknown())) },
  { additionalProperties: false }
)
export type ToolTestData = Static<typeof toolTestDataSchema>

/** A test run's outcome; a failing tool is `ok: false` with its error, not an HTTP error. */
export interface ToolTestResult {
  ok: boolean
  result?: unknown
  error?: string
  logs: string[]
  durationMs: number
}

/** `POST /api/v1/mcp-discovery`: the tools an external MCP server offers, to pick one for an `mcp` tool. */
export const mcpDiscoveryDataSchema = Type.Object(
  {
    serverUrl: mcpToolSettingsSchema.properties.serverUrl,
    transport: mcpToolSettingsSchema.properties.transport,
    headers: Type.Optional(HeaderMap)
  },
  { additionalProperties: false }
)
export type McpDiscoveryData = Static<typeof mcpDiscoveryDataSchema>

export interface McpDiscoveryResult {
  serverName?: string
  tools: { name: string; description?: string; inputSchema: Record<string, unknown> }[]
}
