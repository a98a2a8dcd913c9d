import type { ToolCallOutcome } from '@troupe/sdk/plugin'
import { renderTemplate, type AnyTemplateScope } from '../executor/templates/render-template.js'
import { renderParams } from '../executor/templates/render-params.js'
import { createGuardedFetch } from '../net/guarded-fetch.js'
import type { NetworkPolicy } from '../net/network-policy.js'
import { originOf } from '../secrets/destination-origin.js'
import { createRedactor } from '../secrets/redact-secrets.js'
import { assertSecretsPlaced, secretReferences } from './secret-references.js'
import type { StoredTool } from './stored-tool.js'
import { ToolCallError } from './tool-errors.js'
import type { OpenedSecrets } from './tool-secrets.js'

const defaultTimeoutMs = 30_000
const defaultMaxResponseBytes = 1024 * 1024
/** How much of an error response the message quotes. */
const errorBodyPreview = 500

/** What an HTTP tool returns: the status, the content type and the body (parsed when it is JSON). */
export interface HttpToolResult {
  status: number
  contentType: string | null
  body: unknown
}

function headerValue(name: string, template: string, scope: AnyTemplateScope): string {
  const value = String(renderTemplate(template, scope) ?? '')
  // A value spliced in from arguments must not start a header of its own.
  if (/[\r\n\0]/.test(value)) throw new ToolCallError(`Header ${name} would contain a line break`)
  return value
}

/** Headers whose templates read a secret: the guarded fetch drops them wherever the secrets may not go. */
function secretHeaderNames(headers: Record<string, string>): string[] {
  return Object.entries(headers)
    .filter(([, template]) => secretReferences(template, '').length > 0)
    .map(([name]) => name)
}

/** Refuses, before anything is sent, a tool whose secrets would go anywhere but its header values at their origin. */
function assertSecretsStayHome(tool: StoredTool, url: string, { secrets, origin }: OpenedSecrets) {
  assertSecretsPlaced(tool.name, { http: tool.http })
  for (const { name } of secretReferences(tool.http?.headers ?? {}, '')) {
    if (name !== undefined && !Object.hasOwn(secrets, name)) throw new ToolCallError(`Tool ${tool.name} uses secret ${name}, which is not set`)
  }
  const target = originOf(url)
  if (origin && target !== origin) throw new ToolCallError(`Tool ${tool.name} would send its secrets to ${target ?? 'an invalid URL'}; they are bound to ${origin}`)
}

/**
 * Calls the URL an HTTP tool describes: the URL (percent-encoding what it splices in) and the body
 * are filled from `args` alone, header values from `args` and `secrets`; through the guarded
 * fetch (every address and redirect hop checked, secrets kept on their origin, the response
 * capped in time and size). A status of 400 or more fails the call.
 */
export async function runHttpTool(
  tool: StoredTool,
  args: Record<string, unknown>,
  opened: OpenedSecrets,
  policy: NetworkPolicy,
  signal: AbortSignal | undefined
): Promise<ToolCallOutcome> {
  const settings = tool.http
  if (!settings) throw new ToolCallError(`Tool ${tool.name} has no HTTP settings`)
  const started = performance.now()
  const { secrets, origin } = opened
  const url = String(renderTemplate(settings.url, { args }, { encode: encodeURIComponent }))
  assertSecretsStayHome(tool, url, opened)
  const redactor = createRedactor(secrets)
  const headerScope = { args, secrets }
  const headers = Object.fromEntries(Object.entries(settings.headers ?? {}).map(([name, template]) => [name, headerValue(name, template, headerScope)]))
  const hasBody = settings.method !== 'GET' && settings.body !== undefined
  if (hasBody && !Object.keys(headers).some((name) => name.toLowerCase() === 'content-type')) headers['content-type'] = 'application/json'

  const timeout = AbortSignal.timeout(settings.timeoutMs ?? defaultTimeoutMs)
  const fetch = createGuardedFetch({
    policy,
    maxResponseBytes: settings.maxResponseBytes ?? defaultMaxResponseBytes,
    credentialOrigin: origin ?? undefined,
    secrets: Object.values(secrets),
    secretHeaders: secretHeaderNames(settings.headers ?? {})
  })
  let response: Response
  let text: string
  try {
    response = await fetch(url, {
      method: settings.method,
      headers,
      body: hasBody ? JSON.stringify(renderParams({ body: settings.body }, {}, { args }).body) : undefined,
      signal: signal ? AbortSignal.any([signal, timeout]) : timeout
    })
    text = await response.text()
  } catch (error) {
    if (signal?.aborted) throw error
    const reason = timeout.aborted ? `timed out after ${settings.timeoutMs ?? defaultTimeoutMs} ms` : (error as Error).message
    throw new ToolCallError(redactor.text(`HTTP tool ${tool.name} failed: ${reason}`), [], performance.now() - started)
  }
  const durationMs = performance.now() - started
  const contentType = response.headers.get('content-type')
  if (response.status >= 400) {
    // Redacted before it is cut, so no part of a secret is left at the cut.
    const preview = redactor.text(text).slice(0, errorBodyPreview)
    throw new ToolCallError(`HTTP ${response.status} from ${new URL(url).host}: ${preview}`, [], durationMs)
  }
  const result: HttpToolResult = { status: response.status, contentType, body: parseBody(text, contentType) }
  return { result, logs: [`${settings.method} ${new URL(url).origin} → ${response.status}`], durationMs }
}

function parseBody(text: string, contentType: string | null): unknown {
  if (!contentType || !/[/+]json\b/i.test(contentType)) return text
  try {
    return JSON.parse(text)
  } catch {
    return text
  }
}
