import { randomUUID } from 'node:crypto'
import { BadRequest } from '@feathersjs/errors'
import type { ToolData } from '@troupe/sdk'
import type { HookContext } from '../../declarations.js'
import { checkOutboundUrl, ForbiddenUrlError } from '../../net/check-outbound-url.js'
import { inputSchemaProblems } from '../../tools/check-tool-args.js'
import { defaultToolLanguage, defaultToolRuntime } from '../../tools/run-code-tool.js'
import type { StoredTool } from '../../tools/stored-tool.js'
import { sealToolSecrets } from '../../tools/tool-secrets.js'
import { validationError, type FieldError } from '../../validation/ajv.js'

type Merged = Omit<StoredTool, 'secretsCiphertext'> & { secretsCiphertext?: Record<string, string> }

const kindSettings = { code: 'code', http: 'http', mcp: 'mcp' } as const
const secretReference = /\{\{\s*secrets\.([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g

/** Names of the secrets the templates of a tool's settings refer to, by field. */
function referencedSecrets(settings: unknown, field: string): Array<{ field: string; name: string }> {
  if (typeof settings === 'string') return [...settings.matchAll(secretReference)].map((match) => ({ field, name: match[1] }))
  if (Array.isArray(settings)) return settings.flatMap((item, index) => referencedSecrets(item, `${field}.${index}`))
  if (settings && typeof settings === 'object') {
    return Object.entries(settings).flatMap(([key, value]) => referencedSecrets(value, `${field}.${key}`))
  }
  return []
}

/** The kind's own settings must be there, the other kinds' must not, and each must make sense. */
async function kindProblems(context: HookContext, tool: Merged): Promise<FieldError[]> {
  const problems: FieldError[] = []
  for (const [kind, field] of Object.entries(kindSettings)) {
    const present = tool[field] !== null && tool[field] !== undefined
    if (kind === tool.kind && !present) problems.push({ field, message: `is required for a ${kind} tool` })
    if (kind !== tool.kind && present) problems.push({ field, message: `is only used by ${kind} tools` })
  }
  if (tool.kind === 'code') {
    const runtimeId = tool.runtime ?? defaultToolRuntime
    const entry = context.app.get('plugins').toolRuntimes.get(runtimeId)
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
      await checkOutboundUrl(tool.mcp.serverUrl, context.app.get('config'))
    } catch (error) {
      if (!(error instanceof ForbiddenUrlError)) throw error
      problems.push({ field: 'mcp.serverUrl', message: error.message })
    }
  }
  const secretNames = new Set(Object.keys(tool.secretsCiphertext ?? {}))
  for (const { field, name } of referencedSecrets({ http: tool.http, mcp: tool.mcp }, '')) {
    if (!secretNames.has(name)) problems.push({ field: field.slice(1), message: `refers to secret ${name}, which is not set` })
  }
  return problems
}

/**
 * Before a tool is stored: its input schema must be an object schema that compiles, its kind's
 * settings present and valid (the code runtime loaded, the MCP server allowed by the outbound
 * policy), every secret its templates use set; secrets are sealed here and go no further.
 */
export async function prepareToolData(context: HookContext) {
  const { app, params, method } = context
  const principal = params.principal
  if (!principal) throw new BadRequest('Tools belong to a tenant')
  const data = { ...(context.data as ToolData & Record<string, unknown>) }
  const existing = method === 'patch' ? ((await app.service('tools')._get(context.id!, { principal })) as StoredTool) : undefined
  const id = existing?.id ?? randomUUID()

  const { secrets, ...settings } = data
  const secretsCiphertext = sealToolSecrets(app.get('secretBox'), principal.tenantId, id, existing?.secretsCiphertext ?? {}, secrets ?? {})
  const merged = { ...existing, ...settings, secretsCiphertext } as Merged
  merged.inputSchema ??= { type: 'object', properties: {} }

  const problems = [...inputSchemaProblems(merged.inputSchema), ...(await kindProblems(context, merged))]
  if (problems.length > 0) throw validationError('tool', problems)

  const stored: Record<string, unknown> = { ...settings }
  if (secrets !== undefined) stored.secretsCiphertext = secretsCiphertext
  if (method === 'create') {
    Object.assign(stored, { id, inputSchema: merged.inputSchema, createdBy: principal.userId })
  } else {
    stored.updatedAt = new Date()
  }
  context.data = stored
}
