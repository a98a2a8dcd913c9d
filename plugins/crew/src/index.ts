import {
  agentDataSchema,
  agentPatchSchema,
  agentQuerySchema,
  agentSchema,
  chatMessageDataSchema,
  chatMessagePatchSchema,
  chatMessageQuerySchema,
  chatMessageSchema,
  chatSessionDataSchema,
  chatSessionPatchSchema,
  chatSessionQuerySchema,
  chatSessionSchema,
  crewDataSchema,
  crewPatchSchema,
  crewQuerySchema,
  crewSchema,
  serviceMethods,
  servicePaths,
  type ChatMessageRecord
} from '@troupe/sdk'
import { definePlugin, type PermissionRules, type PluginHost } from '@troupe/sdk/plugin'
import { agentsAndCrews } from './migrations/crew-0001-agents-crews.js'
import { chat } from './migrations/crew-0002-chat.js'
import { memorySources } from './migrations/crew-0003-memory-sources.js'
import { chatPermissions } from './chat/chat-permissions.js'
import { checkChatSession } from './chat/check-chat-session.js'
import { ChatMessagesService } from './chat/chat-messages.service.js'
import { chatPersonalData } from './chat/chat-personal-data.js'
import { chatMessageLog } from './chat/chat-message-log.js'
import { removeSessionMessages } from './chat/remove-session-messages.js'
import { agentRunNode } from './nodes/agent-run.js'
import { crewRunNode } from './nodes/crew-run.js'
import { crewEntry } from './crew-entry.js'
import { checkAgent } from './services/check-agent.js'
import { checkCrew } from './services/check-crew.js'
import { CrewMemoriesService, crewMemoryQuerySchema, type CrewMemoryRecord } from './services/crew-memories.js'
import { crewMemoryPersonalData } from './memory/crew-memory-personal-data.js'
import { guardAgentRemoval } from './services/guard-agent-removal.js'
import { crewMcpExposure } from './crew-mcp-exposure.js'
import type { CrewState } from './crew-state.js'

export { runAgentTask, runCrew } from './runtime/index.js'
export type * from './runtime/types.js'

/** Everyone reads; admins and members build (as for flows and tools). */
const contentPermissions: PermissionRules = (principal, { allow }) => {
  allow('read')
  if (principal.role !== 'viewer') allow(['create', 'update', 'delete'])
}

function registerServices(host: PluginHost<CrewSettings>) {
  const crews = host.tenantTable({ name: 'crews', jsonColumns: ['agentIds', 'tasks', 'inputSchema'] })
  const agents = host.tenantTable({ name: 'agents', jsonColumns: ['toolIds', 'outputSchema'] })
  host.registerService(
    {
      path: servicePaths.agents,
      methods: [...serviceMethods.agents],
      schemas: { data: agentDataSchema, patch: agentPatchSchema, query: agentQuerySchema, result: agentSchema },
      permissions: contentPermissions
    },
    agents,
    { before: { create: [checkAgent], patch: [checkAgent], remove: [guardAgentRemoval(crews)] } }
  )
  host.registerService(
    {
      path: servicePaths.crews,
      methods: [...serviceMethods.crews],
      schemas: { data: crewDataSchema, patch: crewPatchSchema, query: crewQuerySchema, result: crewSchema },
      permissions: contentPermissions
    },
    crews,
    { before: { create: [checkCrew], patch: [checkCrew] } }
  )
  const memories = host.tenantTable<CrewMemoryRecord>({ name: 'crew_memories' })
  host.registerService(
    {
      path: servicePaths.crewMemories,
      methods: [...serviceMethods['crew-memories']],
      schemas: { query: crewMemoryQuerySchema },
      // Summaries of every run of the crew, chats with it included, whoever started them: the
      // tenant's conversations, which only admins read (members read their own chats only). The
      // runtime recalls them for any run of the crew through internal calls.
      permissions: (principal, { allow }) => {
        if (principal.role === 'admin') allow('read')
      }
    },
    new CrewMemoriesService(memories)
  )
  return { agents, crews, memories }
}

/** The crew plugin's settings, from `TROUPE_CREW_*` (plugin API 1.5). */
const crewSettingsSchema = {
  type: 'object',
  properties: {
    /** Earlier turns of a conversation given to the assistant, at most (about four characters a token). */
    chatHistoryTokens: { type: 'integer', minimum: 100, maximum: 1_000_000, default: 8000, 'x-troupe-env-aliases': ['TROUPE_CHAT_HISTORY_TOKENS'] }
  },
  additionalProperties: false
}
type CrewSettings = { chatHistoryTokens: number }

function registerChat(host: PluginHost<CrewSettings>, content: Pick<CrewState, 'agents' | 'crews' | 'memories'>): CrewState {
  const sessions = host.tenantTable({ name: 'chat_sessions' })
  const messages = host.tenantLog<ChatMessageRecord>(chatMessageLog)
  host.registerService(
    {
      path: servicePaths.chatSessions,
      methods: [...serviceMethods['chat-sessions']],
      schemas: { data: chatSessionDataSchema, patch: chatSessionPatchSchema, query: chatSessionQuerySchema, result: chatSessionSchema },
      permissions: chatPermissions
    },
    sessions,
    { before: { create: [checkChatSession] }, after: { remove: [removeSessionMessages(messages as never)] } }
  )
  const chatMessages = new ChatMessagesService(host.app, messages, host.watchExecution, host.logger, { historyBudgetTokens: host.settings.chatHistoryTokens })
  host.registerService(
    {
      path: servicePaths.chatMessages,
      methods: [...serviceMethods['chat-messages']],
      schemas: { data: chatMessageDataSchema, patch: chatMessagePatchSchema, query: chatMessageQuerySchema, result: chatMessageSchema },
      permissions: chatPermissions,
      events: ['token']
    },
    chatMessages
  )
  return { ...content, sessions, messages: messages as never, chat: chatMessages, executions: host.app.service('executions') }
}

/** Agents, crews and their runtime: services, the `agent.run` and `crew.run` nodes, long-term memory. */
export default definePlugin<CrewSettings, CrewState>({
  id: 'crew',
  version: '0.1.0',
  apiVersion: '^2.0.0',
  description: 'Agents, tasks and crews (sequential and hierarchical) with tools, memory, streaming and chat',
  settings: crewSettingsSchema,
  contributes: {
    nodeTypes: [agentRunNode as never, crewRunNode as never],
    executionEntries: [crewEntry],
    personalData: [crewMemoryPersonalData, chatPersonalData],
    mcpExposures: [crewMcpExposure]
  },
  setup(host) {
    host.addTenantMigrations([agentsAndCrews, chat, memorySources])
    // The plugin's state: its services, for its personal data; the chat service is closed at teardown.
    return registerChat(host, registerServices(host))
  },
  teardown(state) {
    state?.chat.close()
  }
})
