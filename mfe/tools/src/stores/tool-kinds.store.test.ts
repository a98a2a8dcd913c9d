import { beforeEach, describe, expect, it } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { setApi } from '@troupe/mfe-kit'
import { useToolKindsStore } from './tool-kinds.store.ts'

function apiAnswering(plugins: unknown[]) {
  const calls: string[] = []
  setApi({
    service: (path: string) => ({
      find: async () => {
        calls.push(path)
        return { total: plugins.length, limit: plugins.length, skip: 0, data: plugins }
      }
    })
  } as never)
  return calls
}

describe('tool kinds', () => {
  beforeEach(() => setActivePinia(createPinia()))

  it("offers the core's kind and every loaded plugin's, once, http and mcp under the workspace's own labels", async () => {
    const calls = apiAnswering([
      { id: 'nodes-core', contributes: { nodeTypes: [] } },
      { id: 'tool-http', contributes: { toolKinds: [{ kind: 'http', displayName: 'HTTP request', settingsSchema: { type: 'object' }, holdsSecrets: true }] } },
      { id: 'tool-mcp', contributes: { toolKinds: [{ kind: 'mcp', displayName: 'MCP server tool', settingsSchema: { type: 'object' }, holdsSecrets: true }] } },
      { id: 'ticker', contributes: { toolKinds: [{ kind: 'ticker.json-get', displayName: 'JSON GET', settingsSchema: { type: 'object' }, holdsSecrets: true }] } }
    ])
    const kinds = useToolKindsStore()
    await Promise.all([kinds.load(), kinds.load()])
    expect(calls).toEqual(['plugins'])
    expect(kinds.choices.map((choice) => choice.value)).toEqual(['code', 'http', 'mcp', 'ticker.json-get'])
    expect(kinds.choices.map((choice) => choice.label)).toEqual(['Code', 'HTTP request', 'MCP server tool', 'JSON GET (ticker)'])
    expect(kinds.offers('mcp')).toBe(true)
    expect(kinds.offers('gone.kind')).toBe(false)
    expect(kinds.byKind.get('ticker.json-get')).toMatchObject({ plugin: 'ticker', holdsSecrets: true })
    expect(kinds.loaded).toBe(true)
  })

  it('does not offer http or mcp when their plugins are switched off', async () => {
    apiAnswering([{ id: 'nodes-core', contributes: { nodeTypes: [] } }])
    const kinds = useToolKindsStore()
    expect(kinds.offers('http')).toBe(true)
    await kinds.load()
    expect(kinds.choices.map((choice) => choice.value)).toEqual(['code'])
    expect(kinds.offers('http')).toBe(false)
  })

  it('keeps the failure to show it, and tries again on the next load', async () => {
    setApi({ service: () => ({ find: async () => Promise.reject(new Error('down')) }) } as never)
    const kinds = useToolKindsStore()
    await kinds.load()
    expect((kinds.error as Error).message).toBe('down')
    apiAnswering([])
    await kinds.load()
    expect(kinds.loaded).toBe(true)
  })
})
