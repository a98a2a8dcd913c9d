import { toolKinds, type Tool, type ToolData, type ToolKind } from '@troupe/sdk'

/** Everything the tool form edits; each kind sends only its own settings. */
export interface ToolDraft {
  name: string
  description: string
  kind: ToolKind
  inputSchema: Record<string, unknown>
  exposeViaMcp: boolean
  code: string
  timeoutMs: number | undefined
  http: { method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'; url: string; headers: Record<string, string>; body: unknown }
  mcp: { serverUrl: string; toolName: string; transport: 'streamable-http' | 'sse'; headers: Record<string, string> }
  /** A plugin kind's settings, edited with the form its `settingsSchema` draws. */
  settings: Record<string, unknown>
  /** Write-only: new or changed secret values (http and mcp tools, plugin kinds with a destination). */
  secrets: Record<string, string>
}

export const starterCode = `// The default export receives the arguments; what it returns is the result.
export default ({ a, b }) => {
  console.log('adding', a, b)
  return a + b
}
`

export function emptyDraft(): ToolDraft {
  const http: ToolDraft['http'] = { method: 'GET', url: '', headers: {}, body: undefined }
  return {
    name: '',
    description: '',
    kind: 'code',
    inputSchema: { type: 'object', properties: { a: { type: 'number' }, b: { type: 'number' } }, required: ['a', 'b'] },
    exposeViaMcp: false,
    code: starterCode,
    timeoutMs: undefined,
    http,
    mcp: { serverUrl: '', toolName: '', transport: 'streamable-http', headers: {} },
    settings: {},
    secrets: {}
  }
}

/** The core's own kinds; any other is a plugin's, with `settings`. */
export const isBuiltinKind = (kind: string): kind is (typeof toolKinds)[number] => (toolKinds as readonly string[]).includes(kind)

export function draftFromTool(tool: Tool): ToolDraft {
  const empty = emptyDraft()
  return {
    name: tool.name,
    description: tool.description,
    kind: tool.kind,
    inputSchema: tool.inputSchema,
    exposeViaMcp: tool.exposeViaMcp,
    code: tool.code ?? '',
    timeoutMs: tool.limits?.timeoutMs,
    http: tool.http ? { method: tool.http.method as ToolDraft['http']['method'], url: tool.http.url, headers: tool.http.headers ?? {}, body: tool.http.body } : empty.http,
    mcp: tool.mcp ? { serverUrl: tool.mcp.serverUrl, toolName: tool.mcp.toolName, transport: tool.mcp.transport ?? 'streamable-http', headers: tool.mcp.headers ?? {} } : empty.mcp,
    settings: tool.settings ?? {},
    secrets: {}
  }
}

/** What `create` (or `patch`) gets: the common fields and the chosen kind's settings. */
export function draftToData(draft: ToolDraft): ToolData {
  const data: ToolData = {
    name: draft.name.trim(),
    description: draft.description,
    kind: draft.kind,
    inputSchema: draft.inputSchema,
    exposeViaMcp: draft.exposeViaMcp
  }
  if (draft.kind === 'code') {
    data.code = draft.code
    data.limits = draft.timeoutMs ? { timeoutMs: draft.timeoutMs } : null
  } else if (draft.kind === 'http') {
    const http: NonNullable<ToolData['http']> = { method: draft.http.method, url: draft.http.url.trim() }
    if (Object.keys(draft.http.headers).length) http.headers = draft.http.headers
    if (draft.http.body !== undefined && draft.http.method !== 'GET') http.body = draft.http.body
    data.http = http
  } else if (draft.kind === 'mcp') {
    data.mcp = { serverUrl: draft.mcp.serverUrl.trim(), toolName: draft.mcp.toolName.trim(), transport: draft.mcp.transport }
    if (Object.keys(draft.mcp.headers).length) data.mcp.headers = draft.mcp.headers
  } else {
    data.settings = draft.settings
  }
  if (draft.kind !== 'code' && Object.keys(draft.secrets).length) data.secrets = draft.secrets
  return data
}
