import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import type { ChatMessageRecord, ChatSession } from '@troupe/sdk'
import { useApi } from '@troupe/mfe-kit'
import { byConversationOrder, shownText, type ShownMessage } from '../model/chat-messages.ts'
import { applyTokenEvent, type TokenEvent, type TokenStream } from '../model/token-stream.ts'

interface Emitter {
  on(event: string, listener: (data: never) => void): void
  off(event: string, listener: (data: never) => void): void
}

/**
 * One open conversation: its messages, sending, and the assistant's answer streaming in. Tokens
 * (`chat-messages token`) are kept per message by index, whether or not the message itself has
 * arrived yet, and withdrawn when a token event says so (after an LLM failover); the `patched`
 * event that ends an answer brings its full content, which wins.
 */
export const useConversationStore = defineStore('chat/conversation', () => {
  const session = ref<ChatSession>()
  const messages = ref<ChatMessageRecord[]>([])
  const streams = ref<Record<string, TokenStream>>({})
  const loading = ref(false)
  const sending = ref(false)
  const stopping = ref(false)
  const error = ref<unknown>()
  let detach: (() => void) | undefined

  const shown = computed<ShownMessage[]>(() => messages.value.map((message) => ({ ...message, text: shownText(message, streams.value[message.id]) })))
  /** The answer being streamed, if any: the composer offers Stop instead of Send meanwhile. */
  const streaming = computed(() => messages.value.find((message) => message.role === 'assistant' && message.status === 'streaming'))

  function belongs(sessionId: string) {
    return session.value?.id === sessionId
  }

  function onCreated(message: ChatMessageRecord) {
    if (!belongs(message.sessionId) || messages.value.some((item) => item.id === message.id)) return
    messages.value = [...messages.value, message].sort(byConversationOrder)
  }

  function onPatched(message: ChatMessageRecord) {
    if (!belongs(message.sessionId)) return
    const index = messages.value.findIndex((item) => item.id === message.id)
    if (index === -1) messages.value = [...messages.value, message].sort(byConversationOrder)
    else if (messages.value[index]!.updatedAt <= message.updatedAt) messages.value.splice(index, 1, message)
  }

  function onToken(event: TokenEvent) {
    if (!belongs(event.sessionId)) return
    const message = messages.value.find((item) => item.id === event.messageId)
    // A token late for an answer that already ended changes nothing: its content is final.
    if (message && message.status !== 'streaming') return
    streams.value = { ...streams.value, [event.messageId]: applyTokenEvent(streams.value[event.messageId] ?? [], event) }
  }

  function listen() {
    const service = useApi().service('chat-messages') as unknown as Emitter
    const handlers: [string, (data: never) => void][] = [
      ['created', onCreated],
      ['patched', onPatched],
      ['token', onToken]
    ]
    for (const [event, handler] of handlers) service.on(event, handler)
    detach = () => {
      for (const [event, handler] of handlers) service.off(event, handler)
    }
  }

  /** Opens a conversation: listens first, so nothing streamed while the history loads is lost. */
  async function open(sessionId: string) {
    close()
    session.value = undefined
    messages.value = []
    streams.value = {}
    error.value = undefined
    loading.value = true
    try {
      session.value = await useApi().service('chat-sessions').get(sessionId)
      listen()
      const page = await useApi().service('chat-messages').find({ query: { sessionId, $sort: { createdAt: 1 }, $limit: 100 } })
      for (const message of page.data) onPatched(message)
    } catch (caught) {
      error.value = caught
    } finally {
      loading.value = false
    }
  }

  /** Sends a message; true when the server took it (the answer then streams in). */
  async function send(content: string): Promise<boolean> {
    if (!session.value || !content.trim()) return false
    sending.value = true
    error.value = undefined
    try {
      onCreated(await useApi().service('chat-messages').create({ sessionId: session.value.id, content }))
      return true
    } catch (caught) {
      error.value = caught
      return false
    } finally {
      sending.value = false
    }
  }

  /** The stop button: cancels the streaming answer (its execution stops too). */
  async function stop() {
    const answer = streaming.value
    if (!answer) return
    stopping.value = true
    error.value = undefined
    try {
      onPatched(await useApi().service('chat-messages').patch(answer.id, { status: 'cancelled' }))
    } catch (caught) {
      // Already over: the patched event tells how it ended.
      if ((caught as { code?: number }).code !== 409) error.value = caught
    } finally {
      stopping.value = false
    }
  }

  function close() {
    detach?.()
    detach = undefined
  }

  return { session, messages, streams, shown, streaming, loading, sending, stopping, error, open, send, stop, close, onCreated, onPatched, onToken }
})
