import { randomUUID } from 'node:crypto'
import { BadRequest } from '@feathersjs/errors'
import type { ToolData } from '@troupe/sdk'
import type { HookContext } from '../../declarations.js'
import { checkOutboundUrl, ForbiddenUrlError } from '../../net/check-outbound-url.js'
import { toolNetworkPolicy } from '../../net/outbound-policies.js'
import { inputSchemaProblems } from '../../tools/check-tool-args.js'
import { tenantLogicFor } from '../../tenant-logic/tenant-logic.js'
import { defaultToolLanguage, defaultToolRuntime } from '../../tools/run-code-tool.js'
import type { StoredTool } from '../../tools/stored-tool.js'
import { misplacedSecrets, secretReferences } from '../../tools/secret-references.js'
import { sealToolSecrets, toolOrigin } from '../../tools/tool-secrets.js'
import { dataProblems, validationError, type FieldError } from '../../validation/ajv.js'
import { pluginToolKinds } from '../../tools/invoke-tool.js'

type Merged = Omit<StoredTool, 'secretsCiphertext'> & { secretsCiphertext?: Record<string, string> }

const kindSettings = { code: 'code', http: 'http', mcp: 'mcp' } as const

const isBuiltinKind = (kind: string): kind is keyof typeof kindSettings => Object.hasOwn(kindSettings, kind)

/** How the stored secrets fare in a write: those bound to another origin than the tool's new one are dropped. */
interface SecretBinding {
  kept: Record<string, string>
  dropped: string[]
  from: string | null
  to: string | null
}

function bindSecrets(existing: StoredTool | undefined, to: string | null): SecretBinding {
  const stored = existing?.secretsCiphertext ?? {}
  const from = existing?.secretsOrigin ?? null
  if (Object.keys(stored).length === 0 || from === to) return { kept: stored, dropped: [], from, to }
  return { kept: {}, dropped: Object.keys(stored), from, to }
}

/**
 * Secrets go only into header values, only to the origin they are bound to: the tool needs a
 * fixed origin to hold any, and each secret a header names must be set (a change of origin drops
 * the stored ones, so they must come again with it).
 */
function secretProblems(tool: Merged, binding: SecretBinding): FieldError[] {
  const problems: FieldError[] = misplacedSecrets({ http: tool.http, mcp: tool.mcp })
  const names = new Set(Object.keys(tool.secretsCiphertext ?? {}))
  if (names.size > 0 && binding.to === null) {
    problems.push(
      tool.kind === 'http'
        ? { field: 'http.url', message: 'must start with a fixed origin (scheme://host[:port]/) to use secrets; templates may fill its path and query only' }
        : isBuiltinKind(tool.kind)
          ? { field: 'secrets', message: 'are only used by http, mcp and plugin tools with a destination' }
          : { field: 'settings', message: `must name a destination (a URL with a fixed origin) for a ${tool.kind} tool to hold secrets` }
    )
  }
  for (const { field, name } of secretReferences({ http: tool.http, mcp: tool.mcp }, '')) {
    if (name === undefined || names.has(name)) continue
    const why = binding.dropped.includes(name)
      ? `: secrets are bound to the origin they were saved for (${binding.from}) and this change points the tool at ${binding.to ?? 'another origin'}; send them again in secrets`
      : ''
    problems.push({ field: field.slice(1), message: `refers to secret ${name}, which is not set${why}` })
  }
  return problems
}

/** The kind's own settings must be there, the other kinds' must not, and each must make sense. */
async function kindProblems(context: HookContext, tool: Merged): Promise<FieldError[]> {
  const problems: FieldError[] = []
  const pluginKind = context.app.get('plugins').toolKinds.get(tool.kind)?.kind
  if (!isBuiltinKind(tool.kind) && !pluginKind) {
    const loaded = [...Object.keys(kindSettings), ...context.app.get('plugins').toolKinds.keys()].join(', ')
    return [{ field: 'kind', message: `must be one of the loaded tool kinds: ${loaded}` }]
  }
  for (const [kind, field] of Object.entries(kindSettings)) {
    const present = tool[field] !== null && tool[field] !== undefined
    if (kind === tool.kind && !present) problems.push({ field, message: `is required for a ${kind} tool` })
    if (kind !== tool.kind && present) problems.push({ field, message: `is only used by ${kind} tools` })
  }
  const hasSettings = tool.settings !== null && tool.settings !== undefined
  if (pluginKind && !hasSettings) problems.push({ field: 'settings', message: `is required for a ${tool.kind} tool` })
  if (pluginKind && hasSettings) problems.push(...dataProblems(pluginKind.settingsSchema, tool.settings, 'settings'))
  if (!pluginKind && hasSettings) problems.push({ field: 'settings', message: 'is only used by tools of a plugin\'s kind' })
  if (tool.kind === 'code') {
    const runtimeId = tool.runtime ?? defaultToolRuntime(context.app.get('plugins'))
    const entry = runtimeId === undefined ? undefined : context.app.get('plugins').toolRuntimes.get(runtimeId)
    if (!entry) {
      const loaded = [...context.app.get('plugins').toolRuntimes.keys()].join(', ') || 'none'
      problems.push({ field: 'runtime', message: `must be one of the loaded tool runtimes: ${loaded}` })
    } else if (!entry.runtime.languages.includes(tool.language ?? defaultToolLanguage)) {
      problems.push({ field: 'language', message: `must be one of ${entry.runtime.languages.join(', ')} for runtime ${runtimeId}` })
    }
  } else {
    for (const field of ['runtime', 'language', 'limits'] as const) {
      if (tool[field] !== null && tool[field] !== undefined) problems.push({ field, message: 'is only used by code tools' })
    }
  }
  if (tool.kind === 'http' && tool.http) {
    // The host may itself be a template; what can be judged now is the URL's shape.
    let url: URL | undefined
    try {
      url = new URL(tool.http.url.replace(/\{\{[\s\S]*?\}\}/g, 'x'))
    } catch {
      problems.push({ field: 'http.url', message: 'is not a valid URL' })
    }
    if (url && url.protocol !== 'http:' && url.protocol !== 'https:') problems.push({ field: 'http.url', message: 'must use http or https' })
    // Credentials belong in secrets, where nobody reads them back.
    if (url && (url.username || url.password)) problems.push({ field: 'http.url', message: 'must not carry credentials; put them in secrets' })
  }
  if (tool.kind === 'mcp' && tool.mcp) {
    try {
      await checkOutboundUrl(tool.mcp.serverUrl, toolNetworkPolicy(context.app.get('config')))
    } catch (error) {
      if (!(error instanceof ForbiddenUrlError)) throw error
      problems.push({ field: 'mcp.serverUrl', message: error.message })
    }
  }
  return problems
}

/**
 * Before a tool is stored: its input schema must be an object schema that compiles, its kind's
 * settings present and valid (the code runtime loaded, the MCP server allowed by the outbound
 * policy), every secret its templates use set and placed in a header; secrets are sealed here,
 * bound to the tool's origin, and go no further.
 */
export async function prepareToolData(context: HookContext) {
  const { app, params, method } = context
  const principal = params.principal
  if (!principal) throw new BadRequest('Tools belong to a tenant')
  const data = { ...(context.data as ToolData & Record<string, unknown>) }
  const existing = method === 'patch' ? ((await app.service('tools')._get(context.id!, { principal })) as StoredTool) : undefined
  const id = existing?.id ?? randomUUID()

  const { secrets, ...settings } = data
  const binding = bindSecrets(existing, toolOrigin({ ...existing, ...settings } as Merged, pluginToolKinds(app)))
  const secretsCiphertext = sealToolSecrets(app.get('secretBox'), principal.tenantId, id, binding.kept, secrets ?? {})
  const merged = { ...existing, ...settings, secretsCiphertext } as Merged
  merged.inputSchema ??= { type: 'object', properties: {} }

  const logic = tenantLogicFor(app.get('logicPool'), principal.tenantId)
  const problems = [...(await inputSchemaProblems(merged.inputSchema, logic)), ...(await kindProblems(context, merged)), ...secretProblems(merged, binding)]
  if (problems.length > 0) throw validationError('tool', problems)

  const stored: Record<string, unknown> = { ...settings }
  if (secrets !== undefined || binding.dropped.length > 0 || method === 'create') {
    stored.secretsCiphertext = secretsCiphertext
    stored.secretsOrigin = Object.keys(secretsCiphertext).length > 0 ? binding.to : null
  }
  if (method === 'create') {
    Object.assign(stored, { id, inputSchema: merged.inputSchema, createdBy: principal.userId })
  } else {
    stored.updatedAt = new Date()
  }
  context.data = stored
}
