import { BadRequest, Conflict, NotFound } from '@feathersjs/errors'
import type { Application } from '@feathersjs/feathers'
import type { ChatMessageData, ChatMessageRecord, ChatSession, ChatTokenEvent, Execution } from '@troupe/sdk'
import type { PluginHost, TenantLogService } from '@troupe/sdk/plugin'
import { answerRequest, answerText } from './answer-request.js'
import { conversationPrompt } from './conversation-prompt.js'
import { TokenRelay } from './token-relay.js'

type Params = Record<string, unknown> & { principal?: { userId: string; tenantId: string }; query?: Record<string, unknown> }

/** The few service methods used here, called with this plugin's own params. */
interface Service {
  get(id: string, params: object): Promise<any> // eslint-disable-line @typescript-eslint/no-explicit-any
  create(data: object, params: object): Promise<any> // eslint-disable-line @typescript-eslint/no-explicit-any
  patch(id: string, data: object, params: object): Promise<unknown>
  _patch(id: string, data: object, params: object): Promise<unknown>
  on(event: string, listener: (data: any) => void): unknown // eslint-disable-line @typescript-eslint/no-explicit-any
  removeListener(event: string, listener: (data: any) => void): unknown // eslint-disable-line @typescript-eslint/no-explicit-any
}

const historyLimit = 200

/** How an assistant message ends, from the execution that produced it; a stopped one keeps what was streamed of it. */
function finalState(execution: Execution, streamed: string): Partial<ChatMessageRecord> {
  if (execution.status === 'succeeded') return { status: 'complete', content: answerText(execution.output) }
  if (execution.status === 'cancelled') return { status: 'cancelled', content: streamed }
  return { status: 'failed', error: execution.error ?? 'The answer failed' }
}

/**
 * `chat-messages`: creating a user message stores it and starts the answer as an execution of the
 * session's agent, crew or flow; the assistant message streams its tokens as `token` events (in
 * order, before it is patched `complete` with its content). Patching a streaming answer
 * `{status: 'cancelled'}` stops it.
 */
export class ChatMessagesService {
  /** Answers being streamed by this instance: assistant message id → execution id. */
  private readonly streaming = new Map<string, () => void>()

  private readonly service: (path: string) => Service

  constructor(
    app: Application,
    private readonly table: TenantLogService<ChatMessageRecord>,
    private readonly watchExecution: PluginHost['watchExecution'],
    private readonly logger: PluginHost['logger'],
    private readonly options: { historyBudgetTokens: number }
  ) {
    this.service = (path) => app.service(path) as unknown as Service
  }

  find(params: Params) {
    return this.table.find(params)
  }

  get(id: string, params: Params) {
    return this.table.get(id, params)
  }

  async create(data: ChatMessageData, params: Params): Promise<ChatMessageRecord> {
    const principal = params.principal!
    // Through the service, with the caller's params: a session the caller may not read is not found.
    const session = (await this.service('chat-sessions').get(data.sessionId, { ...params, query: {} })) as ChatSession
    const internal = { principal }
    const history = (await this.table._find({
      ...internal,
      query: { sessionId: session.id, status: 'complete', $sort: { createdAt: -1 }, $limit: historyLimit },
      paginate: false
    })) as ChatMessageRecord[]
    const message = await this.table._create({ id: crypto.randomUUID(), sessionId: session.id, userId: principal.userId, role: 'user', content: data.content, status: 'complete' }, internal)

    const { prompt } = conversationPrompt(history.reverse(), data.content, this.options.historyBudgetTokens)
    const input = { message: data.content, history: history.map(({ role, content }) => ({ role, content })), prompt }
    const request = answerRequest(session, input)
    const execution = (await this.service('executions').create(request.data, { principal, ...(request.graph ? { graph: request.graph } : {}) })) as Execution
    const answer = await this.table._create(
      { id: crypto.randomUUID(), sessionId: session.id, userId: session.userId, role: 'assistant', content: '', status: 'streaming', executionId: execution.id },
      internal
    )
    this.emitEvent('created', answer, principal)
    this.stream(answer, execution.id, principal)
    await this.service('chat-sessions')._patch(session.id, { updatedAt: new Date().toISOString() }, internal)
    return message
  }

  async patch(id: string, data: { status: 'cancelled' }, params: Params): Promise<ChatMessageRecord> {
    const message = await this.table.get(id, params)
    if (message.role !== 'assistant') throw new BadRequest('Only an answer can be stopped', [{ field: 'status', message: 'applies to assistant messages' }])
    if (message.status !== 'streaming') throw new Conflict(`The answer is already ${message.status}`)
    if (data.status === 'cancelled' && message.executionId) {
      await this.service('executions').patch(message.executionId, { status: 'cancelled' }, { principal: params.principal, provider: params.provider, authentication: params.authentication, authenticated: params.authenticated, user: params.user })
    }
    return this.table.get(id, params)
  }

  /** Relays the execution's `token` events as `chat-messages token` and finalizes the message when it ends. */
  private stream(answer: ChatMessageRecord, executionId: string, principal: NonNullable<Params['principal']>) {
    const relay = new TokenRelay()
    const stopped = new AbortController()
    this.streaming.set(answer.id, () => stopped.abort())
    const run = async () => {
      const watch = await this.watchExecution(executionId, principal, { signal: stopped.signal })
      try {
        for await (const event of watch.events) {
          const piece = relay.apply(event)
          if (piece) this.emitEvent('token', { sessionId: answer.sessionId, messageId: answer.id, userId: answer.userId, ...piece } satisfies ChatTokenEvent, principal)
        }
        if (stopped.signal.aborted) return
        await this.finish(answer, finalState(await watch.finished, relay.text()), principal)
      } finally {
        watch.close()
        this.streaming.delete(answer.id)
      }
    }
    void run().catch((error: unknown) => this.logger.error({ err: error, executionId }, 'relaying a chat answer failed'))
  }

  /** The answer takes its final state; the session may have gone meanwhile (nothing to finish then). */
  private async finish(answer: ChatMessageRecord, state: Partial<ChatMessageRecord>, principal: NonNullable<Params['principal']>) {
    const patched = await this.table._patch(answer.id, { ...state, updatedAt: new Date().toISOString() }, { principal }).catch((error: unknown) => {
      if (error instanceof NotFound) return undefined
      throw error
    })
    if (patched) this.emitEvent('patched', patched, principal)
  }

  /** Events made outside a service call reach channels like those of one (the publisher reads `path` and the principal). */
  private emitEvent(event: string, data: unknown, principal: NonNullable<Params['principal']>) {
    ;(this as unknown as { emit(event: string, data: unknown, context: unknown): void }).emit(event, data, { path: 'chat-messages', params: { principal }, result: data })
  }

  /** Stops relaying (shutdown); the executions themselves go on and keep their results. */
  close() {
    for (const stop of this.streaming.values()) stop()
  }
}
