import { randomBytes } from 'node:crypto'

// Marks the ids this plugin made up, short enough for every vendor's limit (OpenAI allows 40
// characters) should the conversation fail over.
const madeUpPrefix = 'gemini-call-'

/**
 * The id of a function call Gemini sent without one (the Gemini API usually does): the contract
 * needs an id to pair a tool result with its call, while Gemini pairs them by name and order.
 */
export function madeUpToolCallId(): string {
  return `${madeUpPrefix}${randomBytes(8).toString('hex')}`
}

/** Whether an id was made up here, and so means nothing to Gemini and is not sent back. */
export function isMadeUpToolCallId(id: string): boolean {
  return id.startsWith(madeUpPrefix)
}
