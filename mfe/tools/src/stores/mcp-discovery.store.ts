import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { McpDiscoveryResult } from '@troupe/sdk'
import { useApi } from '@troupe/mfe-kit'
import type { ToolDraft } from '../model/tool-draft.ts'

export type DiscoveredTool = McpDiscoveryResult['tools'][number]

/** The tools an external MCP server offers (`POST /mcp-discovery`), to pick the one an `mcp` tool calls. */
export const useMcpDiscoveryStore = defineStore('tools/mcp-discovery', () => {
  const result = ref<McpDiscoveryResult>()
  const busy = ref(false)
  const error = ref<unknown>()

  /** Lists the server's tools, sending the headers that need no secret (templates are filled only when the tool runs). */
  async function discover(mcp: Pick<ToolDraft['mcp'], 'serverUrl' | 'transport' | 'headers'>) {
    busy.value = true
    error.value = undefined
    result.value = undefined
    try {
      const headers = Object.fromEntries(Object.entries(mcp.headers).filter(([, value]) => !value.includes('{{')))
      result.value = await useApi()
        .service('mcp-discovery')
        .create({ serverUrl: mcp.serverUrl.trim(), transport: mcp.transport, ...(Object.keys(headers).length ? { headers } : {}) })
    } catch (caught) {
      error.value = caught
    } finally {
      busy.value = false
    }
  }

  function clear() {
    result.value = undefined
    error.value = undefined
  }

  return { result, busy, error, discover, clear }
})

/** Takes a discovered tool into the draft: its name on the server, its input schema, and a description and name when still empty. */
export function pickDiscoveredTool(draft: ToolDraft, tool: DiscoveredTool): void {
  draft.mcp = { ...draft.mcp, toolName: tool.name }
  draft.inputSchema = tool.inputSchema
  if (!draft.description.trim() && tool.description) draft.description = tool.description
  if (!draft.name.trim()) draft.name = tool.name.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 64)
}
