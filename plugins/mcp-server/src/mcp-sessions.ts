import type { Server } from '@modelcontextprotocol/sdk/server/index.js'
import type { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js'

export interface McpSession {
  transport: StreamableHTTPServerTransport
  server: Server
  /** The principal that opened it; nobody else may use it. */
  ownerId: string
  lastUsed: number
}

/** Open Streamable HTTP sessions, each bound to its principal; idle ones are closed. */
export class McpSessions {
  private readonly sessions = new Map<string, McpSession>()
  private readonly sweeper: NodeJS.Timeout

  constructor(private readonly idleMs: number) {
    this.sweeper = setInterval(() => this.closeIdle(), Math.min(idleMs, 60_000))
    this.sweeper.unref()
  }

  /** The session, only for its owner: to anyone else it does not exist. */
  get(sessionId: string, ownerId: string): McpSession | undefined {
    const session = this.sessions.get(sessionId)
    if (!session || session.ownerId !== ownerId) return undefined
    session.lastUsed = Date.now()
    return session
  }

  add(sessionId: string, session: McpSession): void {
    this.sessions.set(sessionId, session)
  }

  delete(sessionId: string): void {
    this.sessions.delete(sessionId)
  }

  get size(): number {
    return this.sessions.size
  }

  private closeIdle(): void {
    const cutoff = Date.now() - this.idleMs
    for (const [id, session] of this.sessions) {
      if (session.lastUsed < cutoff) {
        this.sessions.delete(id)
        void session.transport.close().catch(() => undefined)
      }
    }
  }

  async closeAll(): Promise<void> {
    clearInterval(this.sweeper)
    const open = [...this.sessions.values()]
    this.sessions.clear()
    await Promise.all(open.map((session) => session.transport.close().catch(() => undefined)))
  }
}
