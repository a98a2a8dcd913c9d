import { describe, expect, it } from 'vitest'
import { mcpResultValue, mcpToolKind } from './mcp-tool-kind.js'

describe('mcpResultValue', () => {
  it.each([
    ['structured content first', { structuredContent: { sum: 3 }, content: [{ type: 'text', text: '3' }] }, { sum: 3 }],
    ['text parsed as JSON', { content: [{ type: 'text', text: '{"sum":3}' }] }, { sum: 3 }],
    ['text parts joined when not JSON', { content: [{ type: 'text', text: 'a' }, { type: 'text', text: 'b' }] }, 'a\nb'],
    ['other content as the list', { content: [{ type: 'image', data: 'x', mimeType: 'image/png' }] }, [{ type: 'image', data: 'x', mimeType: 'image/png' }]],
    ["protocol 2024-10-07's toolResult", { toolResult: { n: 1 } }, { n: 1 }],
    ['nothing at all', {}, []]
  ])('%s', (_case, result, value) => {
    expect(mcpResultValue(result)).toEqual(value)
  })
})

describe('the mcp tool kind', () => {
  it("binds secrets to the server's origin and checks the server URL with the outbound policy at save", async () => {
    expect(mcpToolKind.destination!({ serverUrl: 'https://mcp.example.com/mcp', toolName: 'add' })).toBe('https://mcp.example.com')
    const refused = await mcpToolKind.checkSettings!({ serverUrl: 'http://10.0.0.1/mcp', toolName: 'add' }, { checkOutboundUrl: async (url) => (url.includes('10.0.0.1') ? 'points at a private address' : undefined) })
    expect(refused).toEqual([{ field: 'serverUrl', message: 'points at a private address' }])
    expect(mcpToolKind.limits!({ serverUrl: 'https://a.test/mcp', toolName: 'x' })).toEqual({ timeoutMs: 60_000, maxResponseBytes: 10 * 1024 * 1024 })
  })
})
