import type { ServiceParams, TenantLogService, TenantTableService } from '@troupe/sdk/plugin'
import type { ChatMessagesService } from './chat/chat-messages.service.js'

/** The core's executions service, as far as finding a user's runs needs it. */
export interface ExecutionFinder {
  find(params: ServiceParams): Promise<unknown>
}

/** What the crew plugin's `setup` returns: its services, for its personal data and its teardown. */
export interface CrewState {
  agents: TenantTableService
  crews: TenantTableService
  memories: Pick<TenantTableService, 'db'>
  sessions: TenantTableService
  messages: TenantLogService
  chat: ChatMessagesService
  executions: ExecutionFinder
}
