import { httpToolSettingsSchema, type HttpToolSettings } from '@troupe/sdk'
import { originOf, renderParams, renderTemplate, templateOrigin, type AnyTemplateScope } from '@troupe/sdk/logic'
import type { ToolKindCall, ToolKindDefinition, ToolSettingsProblem } from '@troupe/sdk/plugin'

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
  if (/[\r\n\0]/.test(value)) throw new Error(`Header ${name} would contain a line break`)
  return value
}

/** The URL's shape, judged at save: the host may itself be a template, so only what is written is checked. */
function urlProblems({ url }: HttpToolSettings): ToolSettingsProblem[] {
  let parsed: URL
  try {
    parsed = new URL(url.replace(/\{\{[\s\S]*?\}\}/g, 'x'))
  } catch {
    return [{ field: 'url', message: 'is not a valid URL' }]
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return [{ field: 'url', message: 'must use http or https' }]
  // Credentials belong in secrets, where nobody reads them back.
  if (parsed.username || parsed.password) return [{ field: 'url', message: 'must not carry credentials; put them in secrets' }]
  return []
}

function parseBody(text: string, contentType: string | null): unknown {
  if (!contentType || !/[/+]json\b/i.test(contentType)) return text
  try {
    return JSON.parse(text)
  } catch {
    return text
  }
}

/**
 * Calls the URL a tool describes: the URL (percent-encoding what it splices in) and the body are
 * filled from `args` alone, header values from `args` and `secrets`; through the host's guarded
 * fetch (every address and redirect hop checked, secrets kept on their origin, the response
 * capped in time and size). A status of 400 or more fails the call.
 */
async function callHttp({ settings, args, secrets, fetch, signal, redact }: ToolKindCall<HttpToolSettings>): Promise<{ result: HttpToolResult; logs: string[] }> {
  const url = String(renderTemplate(settings.url, { args }, { encode: encodeURIComponent }))
  // The origin is fixed at save for a tool with secrets; checked again here, before anything is sent.
  const bound = templateOrigin(settings.url)
  if (Object.keys(secrets).length > 0 && originOf(url) !== bound) {
    throw new Error(`would send its secrets to ${originOf(url) ?? 'an invalid URL'}; they are bound to ${bound ?? 'no origin'}`)
  }
  const headerScope = { args, secrets }
  const headers = Object.fromEntries(Object.entries(settings.headers ?? {}).map(([name, template]) => [name, headerValue(name, template, headerScope)]))
  const hasBody = settings.method !== 'GET' && settings.body !== undefined
  if (hasBody && !Object.keys(headers).some((name) => name.toLowerCase() === 'content-type')) headers['content-type'] = 'application/json'
  const response = await fetch(url, {
    method: settings.method,
    headers,
    body: hasBody ? JSON.stringify(renderParams({ body: settings.body }, {}, { args }).body) : undefined,
    signal
  })
  const text = await response.text()
  const contentType = response.headers.get('content-type')
  // Redacted before it is cut, so no part of a secret is left at the cut.
  if (response.status >= 400) throw new Error(`HTTP ${response.status} from ${new URL(url).host}: ${redact(text).slice(0, errorBodyPreview)}`)
  return {
    result: { status: response.status, contentType, body: parseBody(text, contentType) },
    logs: [`${settings.method} ${new URL(url).origin} → ${response.status}`]
  }
}

/** `http`: a tool that calls an HTTP API. Its secrets go only into header values, only to the URL's fixed origin. */
export const httpToolKind: ToolKindDefinition<HttpToolSettings> = {
  kind: 'http',
  displayName: 'HTTP request',
  description: 'Calls an HTTP API: URL, headers and JSON body are templates over {{ args.<path> }}; header values may use {{ secrets.<name> }}.',
  settingsSchema: httpToolSettingsSchema,
  destination: (settings) => templateOrigin(settings.url),
  destinationField: 'url',
  limits: (settings) => ({
    timeoutMs: settings.timeoutMs ?? defaultTimeoutMs,
    maxResponseBytes: settings.maxResponseBytes ?? defaultMaxResponseBytes
  }),
  secretPlaces: ['headers.*'],
  checkSettings: urlProblems,
  invoke: callHttp
}
