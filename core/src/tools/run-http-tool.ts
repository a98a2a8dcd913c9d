import type { ToolCallOutcome } from '@troupe/sdk/plugin'
import { renderTemplate, type AnyTemplateScope } from '../executor/templates/render-template.js'
import { renderParams } from '../executor/templates/render-params.js'
import { createGuardedFetch } from '../net/guarded-fetch.js'
import type { NetworkPolicy } from '../net/network-policy.js'
import type { StoredTool } from './stored-tool.js'
import { ToolCallError } from './tool-errors.js'
import { redactSecrets } from './tool-secrets.js'

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

/**
 * Calls the URL an HTTP tool describes: templates over `args` and `secrets` filled in (percent-
 * encoded inside the URL), through the guarded fetch (every address and redirect hop checked,
 * the response capped in time and size). A status of 400 or more fails the call.
 */
export async function runHttpTool(
  tool: StoredTool,
  args: Record<string, unknown>,
  secrets: Record<string, string>,
  policy: NetworkPolicy,
  signal: AbortSignal | undefined
): Promise<ToolCallOutcome> {
  const settings = tool.http
  if (!settings) throw new ToolCallError(`Tool ${tool.name} has no HTTP settings`)
  const started = performance.now()
  const scope = { args, secrets }
  const url = String(renderTemplate(settings.url, scope, { encode: encodeURIComponent }))
  const headers = Object.fromEntries(Object.entries(settings.headers ?? {}).map(([name, template]) => [name, headerValue(name, template, scope)]))
  const hasBody = settings.method !== 'GET' && settings.body !== undefined
  if (hasBody && !Object.keys(headers).some((name) => name.toLowerCase() === 'content-type')) headers['content-type'] = 'application/json'

  const timeout = AbortSignal.timeout(settings.timeoutMs ?? defaultTimeoutMs)
  const fetch = createGuardedFetch({ policy, maxResponseBytes: settings.maxResponseBytes ?? defaultMaxResponseBytes })
  let response: Response
  let text: string
  try {
    response = await fetch(url, {
      method: settings.method,
      headers,
      body: hasBody ? JSON.stringify(renderParams({ body: settings.body }, {}, scope).body) : undefined,
      signal: signal ? AbortSignal.any([signal, timeout]) : timeout
    })
    text = await response.text()
  } catch (error) {
    if (signal?.aborted) throw error
    const reason = timeout.aborted ? `timed out after ${settings.timeoutMs ?? defaultTimeoutMs} ms` : (error as Error).message
    throw new ToolCallError(redactSecrets(`HTTP tool ${tool.name} failed: ${reason}`, secrets), [], performance.now() - started)
  }
  const durationMs = performance.now() - started
  const contentType = response.headers.get('content-type')
  if (response.status >= 400) {
    const preview = redactSecrets(text.slice(0, errorBodyPreview), secrets)
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
