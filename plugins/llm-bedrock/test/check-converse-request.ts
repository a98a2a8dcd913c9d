import { Ajv, type ErrorObject } from 'ajv'
import { converseRequestSchema } from './converse-request-schema.js'

const validate = new Ajv({ strict: false, allErrors: false }).compile(converseRequestSchema)

/** A JSON pointer in Bedrock's words: `/messages/0/content/1` is `messages.0.member.content.1`. */
function pathOf(instancePath: string): string {
  return instancePath.replace(/^\//, '').replace(/\//g, '.').replace(/^messages\.(\d+)/, 'messages.$1.member')
}

/** An ajv error as Bedrock's `ValidationException` words a request that breaks its model. */
function describe(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>
  const path = pathOf(error.instancePath)
  if (error.keyword === 'additionalProperties') return `Malformed input request: extraneous key [${String(params.additionalProperty)}] is not permitted${path ? ` at ${path}` : ''}, please reformat your input and try again.`
  if (error.keyword === 'required') return `1 validation error detected: Value null at '${path ? `${path}.` : ''}${String(params.missingProperty)}' failed to satisfy constraint: Member must not be null`
  return `1 validation error detected: Value at '${path}' failed to satisfy constraint: Member ${error.message ?? 'is invalid'}`
}

type Block = Record<string, any>
type Message = { role: string; content: Block[] }

/** Bedrock's rules beyond the shape: turns alternate from a user turn, no blank text, tool blocks paired and configured. */
function conversationProblem(body: { messages: Message[]; toolConfig?: unknown }): string | undefined {
  const { messages } = body
  if (messages.length === 0) return 'A conversation must start with a user message. Try again with a conversation that starts with a user message.'
  if (messages[0]!.role !== 'user') return 'A conversation must start with a user message. Try again with a conversation that starts with a user message.'
  for (const [index, message] of messages.entries()) {
    if (index > 0 && messages[index - 1]!.role === message.role) return 'A conversation must alternate between user and assistant roles. Make sure the conversation alternates between user and assistant roles and try again.'
    if (message.content.length === 0) return `The content field in the Message object at messages.${index} is empty. Add a ContentBlock object to the content field and try again.`
    const blank = message.content.findIndex((block) => 'text' in block && !String(block.text).trim())
    if (blank >= 0) return `The text field in the ContentBlock object at messages.${index}.content.${blank} is blank. Add text to the text field, and try again.`
    const usesTools = message.content.some((block) => 'toolUse' in block || 'toolResult' in block)
    if (usesTools && !body.toolConfig) return 'The toolConfig field must be defined when using toolUse and toolResult content blocks.'
    const asked = index > 0 && messages[index - 1]!.role === 'assistant' ? messages[index - 1]!.content.filter((block) => 'toolUse' in block).map((block) => block.toolUse.toolUseId as string) : []
    const answered = message.content.filter((block) => 'toolResult' in block).map((block) => block.toolResult.toolUseId as string)
    const stray = answered.find((id) => !asked.includes(id))
    if (stray) return `The number of toolResult blocks at messages.${index}.content exceeds the number of toolUse blocks of previous turn.`
    const open = asked.filter((id) => !answered.includes(id))
    if (message.role === 'user' && open.length > 0) return `Expected toolResult blocks at messages.${index}.content for the following Ids: ${open.join(', ')}`
  }
  return undefined
}

/** What Bedrock's `ValidationException` would say about a Converse body, or undefined when it takes it. */
export function problemOf(body: unknown): string | undefined {
  if (body === undefined) return 'Malformed input request, please reformat your input and try again.'
  if (!validate(body)) return describe(validate.errors![0]!)
  const request = body as { messages?: Message[]; toolConfig?: unknown }
  if (!request.messages) return "1 validation error detected: Value null at 'messages' failed to satisfy constraint: Member must not be null"
  return conversationProblem({ messages: request.messages, toolConfig: request.toolConfig })
}
