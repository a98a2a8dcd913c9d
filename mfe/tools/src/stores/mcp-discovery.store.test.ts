import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import type { TroupeClient } from '@troupe/sdk'
import { setApi } from '@troupe/mfe-kit'
import { emptyDraft } from '../model/tool-draft.ts'
import { pickDiscoveredTool, useMcpDiscoveryStore } from './mcp-discovery.store.ts'

const weather = { name: 'get.weather', description: 'Weather of a city', inputSchema: { type: 'object', properties: { city: { type: 'string' } } } }
const discovery = { create: vi.fn() }

describe('MCP discovery', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    setApi({ service: () => discovery } as unknown as TroupeClient)
    discovery.create.mockReset()
  })

  it('lists the tools of a server', async () => {
    discovery.create.mockResolvedValue({ serverName: 'weather', tools: [weather] })
    const store = useMcpDiscoveryStore()
    await store.discover({ serverUrl: ' https://mcp.example.com/mcp ', transport: 'sse', headers: {} })
    expect(discovery.create).toHaveBeenCalledWith({ serverUrl: 'https://mcp.example.com/mcp', transport: 'sse' })
    expect(store.result?.tools).toEqual([weather])
  })

  it('sends the headers that need no secret, and leaves out those that name one', async () => {
    discovery.create.mockResolvedValue({ serverName: 'weather', tools: [weather] })
    const store = useMcpDiscoveryStore()
    await store.discover({ serverUrl: 'https://mcp.example.com/mcp', transport: 'streamable-http', headers: { 'x-team': 'ops', authorization: 'Bearer {{ secrets.token }}' } })
    expect(discovery.create).toHaveBeenCalledWith({ serverUrl: 'https://mcp.example.com/mcp', transport: 'streamable-http', headers: { 'x-team': 'ops' } })
  })

  it('shows why a server could not be reached', async () => {
    discovery.create.mockRejectedValue({ code: 400, message: 'Could not reach the MCP server', data: [{ field: 'serverUrl', message: 'connection refused' }] })
    const store = useMcpDiscoveryStore()
    await store.discover({ serverUrl: 'http://127.0.0.1:1/mcp', transport: 'streamable-http', headers: {} })
    expect(store.error).toMatchObject({ code: 400 })
    expect(store.busy).toBe(false)
  })

  it('takes the picked tool into the draft, keeping what the user already wrote', () => {
    const draft = { ...emptyDraft(), kind: 'mcp' as const, name: '', description: '' }
    pickDiscoveredTool(draft, weather)
    expect(draft).toMatchObject({ name: 'get_weather', description: 'Weather of a city', inputSchema: weather.inputSchema, mcp: { toolName: 'get.weather' } })
    const named = { ...emptyDraft(), name: 'forecast', description: 'Mine' }
    pickDiscoveredTool(named, weather)
    expect(named).toMatchObject({ name: 'forecast', description: 'Mine' })
  })
})
