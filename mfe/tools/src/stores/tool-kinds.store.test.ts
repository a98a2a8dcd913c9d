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

  it("offers the core's kinds and every loaded plugin's, once", async () => {
    const calls = apiAnswering([
      { id: 'nodes-core', contributes: { nodeTypes: [] } },
      { id: 'ticker', contributes: { toolKinds: [{ kind: 'ticker.json-get', displayName: 'JSON GET', settingsSchema: { type: 'object' }, holdsSecrets: true }] } }
    ])
    const kinds = useToolKindsStore()
    await Promise.all([kinds.load(), kinds.load()])
    expect(calls).toEqual(['plugins'])
    expect(kinds.choices.map((choice) => choice.value)).toEqual(['code', 'http', 'mcp', 'ticker.json-get'])
    expect(kinds.choices.at(-1)?.label).toBe('JSON GET (ticker)')
    expect(kinds.byKind.get('ticker.json-get')).toMatchObject({ plugin: 'ticker', holdsSecrets: true })
    expect(kinds.loaded).toBe(true)
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
