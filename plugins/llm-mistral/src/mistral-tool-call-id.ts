import { createHash } from 'node:crypto'

const validId = /^[A-Za-z0-9]{9}$/
const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'

/**
 * A tool call id Mistral accepts. Its API refuses any id that is not nine letters or digits
 * ("Tool call id was call_abc but must be a-z, A-Z, 0-9, with a length of 9."), so a conversation
 * that began with another vendor (OpenAI's `call_...`, Anthropic's `toolu_...`) could not fail over
 * to Mistral. Other ids are hashed to nine characters: the same id always gives the same one, so
 * an assistant's call and the tool result answering it still pair up.
 */
export function toMistralToolCallId(id: string): string {
  if (validId.test(id)) return id
  const digest = createHash('sha256').update(id).digest()
  return Array.from(digest.subarray(0, 9), (byte) => alphabet[byte % alphabet.length]).join('')
}
