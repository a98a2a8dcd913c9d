import { randomUUID } from 'node:crypto'
import { BadRequest } from '@feathersjs/errors'
import { toolKindFields, type ToolData } from '@troupe/sdk'
import type { ToolKindDefinition } from '@troupe/sdk/plugin'
import type { HookContext } from '../../declarations.js'
import { outboundUrlProblem } from '../../net/check-outbound-url.js'
import { toolNetworkPolicy } from '../../net/outbound-policies.js'
import { inputSchemaProblems } from '../../tools/check-tool-args.js'
import { tenantLogicFor } from '../../tenant-logic/tenant-logic.js'
import { defaultToolLanguage, defaultToolRuntime } from '../../tools/run-code-tool.js'
import type { StoredTool } from '../../tools/stored-tool.js'
import { misplacedSecrets, secretReferences } from '../../tools/secret-references.js'
import { sealToolSecrets, toolOrigin } from '../../tools/tool-secrets.js'
import { dataProblems, validationError, type FieldError } from '../../validation/ajv.js'
import { pluginToolKinds } from '../../tools/invoke-tool.js'
import { settingsFieldOf } from '../../tools/tool-settings-field.js'

type Merged = Omit<StoredTool, 'secretsCiphertext'> & { secretsCiphertext?: Record<string, string> }


/**
 * A write's settings as the table holds them: the `http`/`mcp` field of a tool of that kind is its
 * `settings`. Sending such a field for a tool of another kind is refused unless it is `null` (the
 * workspace clears the fields of the kinds it does not show); sending it beside `settings` too.
 */
function settingsOfWrite(data: Record<string, unknown>, kind: string): { written: Record<string, unknown>; problems: FieldError[] } {
  const written = { ...data }
  const problems: FieldError[] = []
  for (const field of toolKindFields) {
    if (!Object.hasOwn(written, field)) continue
    const value = written[field]
    delete written[field]
    if (field !== kind) {
      if (value !== null && value !== undefined) problems.push({ field, message: `is only used by ${field} tools` })
      continue
    }
    if (written.settings !== undefined) problems.push({ field: 'settings', message: `is not sent with ${field}: a ${field} tool's settings are its ${field} field` })
    else written.settings = value
  }
  return { written, problems }
}

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
 * Secrets go only where the kind takes them (`secretPlaces`: header values for `http` and `mcp`),
 * only to the origin they are bound to: the tool needs a fixed destination to hold any, and each
 * secret a template names must be set (a change of origin drops the stored ones, so they must
 * come again with it).
 */
function secretProblems(tool: Merged, binding: SecretBinding, kind: ToolKindDefinition<never> | undefined): FieldError[] {
  const places = kind?.secretPlaces
  const field = settingsFieldOf(tool.kind)
  const problems: FieldError[] = places ? misplacedSecrets(tool.settings, places, field) : []
  const names = new Set(Object.keys(tool.secretsCiphertext ?? {}))
  if (names.size > 0 && binding.to === null) {
    problems.push(
      tool.kind === 'code'
        ? { field: 'secrets', message: 'are only used by tools of a kind that names a destination' }
        : {
            field: [field, kind?.destinationField].filter(Boolean).join('.'),
            message: `must start with a fixed origin (scheme://host[:port]/) for a ${tool.kind} tool to hold secrets; templates may fill its path and query only`
          }
    )
  }
  for (const { field, name } of places ? secretReferences(tool.settings, settingsFieldOf(tool.kind)) : []) {
    if (name === undefined || names.has(name)) continue
    const why = binding.dropped.includes(name)
      ? `: secrets are bound to the origin they were saved for (${binding.from}) and this change points the tool at ${binding.to ?? 'another origin'}; send them again in secrets`
      : ''
    problems.push({ field, message: `refers to secret ${name}, which is not set${why}` })
  }
  return problems
}

/**
 * What a plugin kind's `checkSettings` finds, at the API's field paths. A check that throws (a
 * plugin's bug, or settings it cannot handle) refuses the save rather than let unchecked settings in.
 */
async function pluginSettingsProblems(context: HookContext, kind: ToolKindDefinition<never>, tool: Merged, field: string): Promise<FieldError[]> {
  const checks = { checkOutboundUrl: (url: string) => outboundUrlProblem(url, toolNetworkPolicy(context.app.get('config'))) }
  try {
    const found = await kind.checkSettings!(tool.settings as never, checks)
    if (!Array.isArray(found)) throw new Error('checkSettings did not answer a list')
    return found.map((problem) => ({ field: [field, String(problem?.field ?? '')].filter(Boolean).join('.'), message: String(problem?.message ?? 'is invalid') }))
  } catch (error) {
    context.app.get('logger').warn({ kind: tool.kind, err: error }, 'A tool kind\'s settings check failed')
    return [{ field, message: `could not be checked by the ${tool.kind} kind's plugin; the tool was not saved` }]
  }
}

/** The kind's own settings must be there, the other kinds' must not, and each must make sense. */
async function kindProblems(context: HookContext, tool: Merged, pluginKind: ToolKindDefinition<never> | undefined, previousKind: string | undefined): Promise<FieldError[]> {
  const problems: FieldError[] = []
  const plugins = context.app.get('plugins')
  if (tool.kind !== 'code' && !pluginKind) {
    return [{ field: 'kind', message: `must be one of the loaded tool kinds: ${['code', ...plugins.toolKinds.keys()].join(', ')}` }]
  }
  const hasCode = tool.code !== null && tool.code !== undefined
  if (tool.kind === 'code' && !hasCode) problems.push({ field: 'code', message: 'is required for a code tool' })
  if (tool.kind !== 'code' && hasCode) problems.push({ field: 'code', message: 'is only used by code tools' })
  const field = settingsFieldOf(tool.kind)
  const hasSettings = tool.settings !== null && tool.settings !== undefined
  if (pluginKind && !hasSettings) problems.push({ field, message: `is required for a ${tool.kind} tool` })
  if (pluginKind && hasSettings) {
    const schemaProblems = dataProblems(pluginKind.settingsSchema, tool.settings, field)
    problems.push(...schemaProblems)
    if (schemaProblems.length === 0 && pluginKind.checkSettings) {
      problems.push(...(await pluginSettingsProblems(context, pluginKind, tool, field)))
    }
  }
  // Left over from the kind the tool had: named by the field the client knows it as.
  if (!pluginKind && hasSettings) {
    const stray = previousKind && previousKind !== tool.kind ? settingsFieldOf(previousKind) : 'settings'
    problems.push({ field: stray, message: stray === 'settings' ? "is only used by tools of a plugin's kind" : `is only used by ${stray} tools` })
  }
  if (tool.kind === 'code') {
    const runtimeId = tool.runtime ?? defaultToolRuntime(plugins)
    const entry = runtimeId === undefined ? undefined : plugins.toolRuntimes.get(runtimeId)
    if (!entry) {
      const loaded = [...plugins.toolRuntimes.keys()].join(', ') || 'none'
      problems.push({ field: 'runtime', message: `must be one of the loaded tool runtimes: ${loaded}` })
    } else if (!entry.runtime.languages.includes(tool.language ?? defaultToolLanguage)) {
      problems.push({ field: 'language', message: `must be one of ${entry.runtime.languages.join(', ')} for runtime ${runtimeId}` })
    }
  } else {
    for (const field of ['runtime', 'language', 'limits'] as const) {
      if (tool[field] !== null && tool[field] !== undefined) problems.push({ field, message: 'is only used by code tools' })
    }
  }
  return problems
}

/**
 * Before a tool is stored: its input schema must be an object schema that compiles, its kind's
 * settings present and valid (the code runtime loaded; a plugin kind's schema and
 * `checkSettings`), every secret its templates use set and placed where the kind takes secrets;
 * secrets are sealed here, bound to the tool's origin, and go no further.
 */
export async function prepareToolData(context: HookContext) {
  const { app, params, method } = context
  const principal = params.principal
  if (!principal) throw new BadRequest('Tools belong to a tenant')
  const data = { ...(context.data as ToolData & Record<string, unknown>) }
  const existing = method === 'patch' ? ((await app.service('tools')._get(context.id!, { principal })) as StoredTool) : undefined
  const id = existing?.id ?? randomUUID()

  const { secrets, ...fields } = data
  const { written: settings, problems: fieldProblems } = settingsOfWrite(fields, String(fields.kind ?? existing?.kind))
  const binding = bindSecrets(existing, toolOrigin({ ...existing, ...settings } as Merged, pluginToolKinds(app)))
  const secretsCiphertext = sealToolSecrets(app.get('secretBox'), principal.tenantId, id, binding.kept, secrets ?? {})
  const merged = { ...existing, ...settings, secretsCiphertext } as Merged
  merged.inputSchema ??= { type: 'object', properties: {} }

  const logic = tenantLogicFor(app.get('logicPool'), principal.tenantId)
  const pluginKind = app.get('plugins').toolKinds.get(merged.kind)?.kind
  const problems = [
    ...fieldProblems,
    ...(await inputSchemaProblems(merged.inputSchema, logic)),
    ...(await kindProblems(context, merged, pluginKind, existing?.kind)),
    ...secretProblems(merged, binding, pluginKind)
  ]
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
