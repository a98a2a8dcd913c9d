import type { ChatSession } from '@troupe/sdk'

export type TargetKind = 'agent' | 'crew' | 'flow'

/** What a session talks to: exactly one agent, crew or flow. */
export interface ChatTarget {
  kind: TargetKind
  id: string
}

export function targetOf(session: Pick<ChatSession, 'agentId' | 'crewId' | 'flowId'>): ChatTarget | undefined {
  if (session.agentId) return { kind: 'agent', id: session.agentId }
  if (session.crewId) return { kind: 'crew', id: session.crewId }
  if (session.flowId) return { kind: 'flow', id: session.flowId }
  return undefined
}

/** The session data for a new conversation with `target`. */
export function sessionData(target: ChatTarget, title: string): { title?: string; agentId?: string; crewId?: string; flowId?: string } {
  const data: { title?: string; agentId?: string; crewId?: string; flowId?: string } = { [`${target.kind}Id`]: target.id }
  if (title.trim()) data.title = title.trim()
  return data
}

/** A conversation's title: its own, else whom it talks to. */
export function sessionTitle(session: Pick<ChatSession, 'title'>, targetName: string | undefined): string {
  return session.title.trim() || (targetName ? `Chat with ${targetName}` : 'Untitled chat')
}
