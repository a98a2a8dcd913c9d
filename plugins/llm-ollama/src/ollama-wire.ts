import type { ChatResponse, Message, ToolCall } from 'ollama/browser'

/**
 * A tool call as Ollama sends and reads it. Since 0.12 Ollama names each call (`id`, `call_…`)
 * and numbers it (`function.index`); the client's types predate both, and older servers send neither.
 */
export type OllamaToolCall = ToolCall & { id?: string; function: { index?: number } }

/** A chat message on the wire; `tool_call_id` ties a tool result to its call (Ollama 0.12+, ignored before). */
export type OllamaMessage = Omit<Message, 'tool_calls'> & { tool_calls?: OllamaToolCall[]; tool_call_id?: string }

/** One line of a `/api/chat` stream. */
export type OllamaChatEvent = Omit<ChatResponse, 'message'> & { message?: OllamaMessage }
