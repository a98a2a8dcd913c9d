import { describe, expect, it } from 'vitest'
import type { Tool } from '@troupe/sdk'
import { draftFromTool, draftToData, emptyDraft } from './tool-draft.ts'

describe('tool drafts', () => {
  it('sends a code tool with its code and limits only', () => {
    const draft = { ...emptyDraft(), name: ' add ', timeoutMs: 1000, http: { method: 'POST' as const, url: 'https://x.test', headers: {}, body: 1 } }
    const data = draftToData(draft)
    expect(data).toMatchObject({ name: 'add', kind: 'code', limits: { timeoutMs: 1000 } })
    expect(data.code).toContain('export default')
    expect(data).not.toHaveProperty('http')
    expect(data).not.toHaveProperty('mcp')
  })

  it('sends an HTTP tool without code, a GET without body, and new secrets', () => {
    const draft = { ...emptyDraft(), name: 'weather', kind: 'http' as const, secrets: { token: 's3cret' } }
    draft.http = { method: 'GET', url: ' https://api.test/w?city={{ args.city }} ', headers: { Authorization: 'Bearer {{ secrets.token }}' }, body: { ignored: true } }
    expect(draftToData(draft)).toEqual({
      name: 'weather',
      description: '',
      kind: 'http',
      inputSchema: draft.inputSchema,
      exposeViaMcp: false,
      http: { method: 'GET', url: 'https://api.test/w?city={{ args.city }}', headers: { Authorization: 'Bearer {{ secrets.token }}' } },
      secrets: { token: 's3cret' }
    })
  })

  it('sends an MCP tool with the headers it authenticates with, and reads them back', () => {
    const draft = { ...emptyDraft(), name: 'search', kind: 'mcp' as const, secrets: { token: 't' } }
    draft.mcp = { serverUrl: ' https://mcp.test/mcp ', toolName: ' search ', transport: 'streamable-http', headers: { authorization: 'Bearer {{ secrets.token }}' } }
    const data = draftToData(draft)
    expect(data.mcp).toEqual({ serverUrl: 'https://mcp.test/mcp', toolName: 'search', transport: 'streamable-http', headers: { authorization: 'Bearer {{ secrets.token }}' } })
    expect(draftFromTool({ ...data, code: null, limits: null, http: null, settings: null } as unknown as Tool).mcp.headers).toEqual({ authorization: 'Bearer {{ secrets.token }}' })
    draft.mcp.headers = {}
    expect(draftToData(draft).mcp).not.toHaveProperty('headers')
  })

  it("sends a plugin kind's tool with its settings and secrets, nothing of the core's kinds", () => {
    const draft = { ...emptyDraft(), name: 'status', kind: 'ticker.json-get', settings: { url: 'https://status.test/api' }, secrets: { token: 't' } }
    expect(draftToData(draft)).toEqual({
      name: 'status',
      description: '',
      kind: 'ticker.json-get',
      inputSchema: draft.inputSchema,
      exposeViaMcp: false,
      settings: { url: 'https://status.test/api' },
      secrets: { token: 't' }
    })
    expect(draftFromTool({ ...draft, settings: { url: 'https://x.test' }, code: null, limits: null, http: null, mcp: null } as unknown as Tool).settings).toEqual({ url: 'https://x.test' })
  })

  it('reads a stored tool back into a draft', () => {
    const tool = { name: 'add', description: 'd', kind: 'code', inputSchema: { type: 'object' }, exposeViaMcp: true, code: 'x', limits: { timeoutMs: 50 }, http: null, mcp: null } as unknown as Tool
    expect(draftFromTool(tool)).toMatchObject({ name: 'add', kind: 'code', code: 'x', timeoutMs: 50, exposeViaMcp: true, secrets: {} })
  })
})
