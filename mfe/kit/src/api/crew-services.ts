import type { Id, NullableId, Paginated, Params } from '@feathersjs/feathers'
import type {
  Agent,
  AgentData,
  AgentPatch,
  ChatMessageData,
  ChatMessagePatch,
  ChatMessageRecord,
  ChatSession,
  ChatSessionData,
  ChatSessionPatch,
  Crew,
  CrewData,
  CrewPatch
} from '@troupe/sdk'
import { useApi } from './use-api.ts'

interface CrudService<Result, Data, Patch> {
  find(params?: Params): Promise<Paginated<Result>>
  get(id: Id, params?: Params): Promise<Result>
  create(data: Data, params?: Params): Promise<Result>
  patch(id: NullableId, data: Patch, params?: Params): Promise<Result>
  remove(id: NullableId, params?: Params): Promise<Result>
}

/**
 * The crew plugin's services (agents, crews, chat). The SDK's client types do not list them yet,
 * so this is where their contract types meet the one client.
 */
export interface CrewServiceTypes {
  agents: CrudService<Agent, AgentData, AgentPatch>
  crews: CrudService<Crew, CrewData, CrewPatch>
  'chat-sessions': CrudService<ChatSession, ChatSessionData, ChatSessionPatch>
  'chat-messages': Omit<CrudService<ChatMessageRecord, ChatMessageData, ChatMessagePatch>, 'remove'>
}

export function crewService<Path extends keyof CrewServiceTypes>(path: Path): CrewServiceTypes[Path] {
  return useApi().service(path as never) as unknown as CrewServiceTypes[Path]
}
