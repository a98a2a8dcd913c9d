import { Ajv, type ErrorObject } from 'ajv'
import { messagesRequestSchema } from './messages-request-schema.js'

/** A thinking block the stand-in sent before tool calls, which must come back unchanged with them. */
export type IssuedThinking = { type: 'thinking'; thinking: string; signature: string } | { type: 'redacted_thinking'; data: string }

const validate = new Ajv({ discriminator: true, strict: false }).compile(messagesRequestSchema)

const pathOf = (instancePath: string) => instancePath.replace(/^\//, '').replace(/\//g, '.')
const joined = (...parts: Array<string | undefined>) => parts.filter(Boolean).join('.')

/** An ajv error in the API's words (`max_tokens: Field required`, `temperature: Extra inputs are not permitted`). */
function describe(error: ErrorObject): string {
  const path = pathOf(error.instancePath)
  const params = error.params as Record<string, unknown>
  switch (error.keyword) {
    case 'required':
      return `${joined(path, params.missingProperty as string)}: Field required`
    case 'additionalProperties':
      return `${joined(path, params.additionalProperty as string)}: Extra inputs are not permitted`
    case 'discriminator':
      return `${joined(path, params.tag as string)}: Input tag ${JSON.stringify(params.tagValue)} found using '${params.tag}' does not match any of the expected tags`
    case 'const':
      return `${path}: Input should be ${JSON.stringify(params.allowedValue)}`
    case 'enum':
      return `${path}: Input should be ${(params.allowedValues as unknown[]).map((value) => JSON.stringify(value)).join(' or ')}`
    case 'type':
      return `${path}: Input should be a valid ${params.type}`
    default:
      return `${path || 'body'}: ${error.message}`
  }
}

interface Turn {
  role: string
  /** Index of the turn's first message in `messages`. */
  index: number
  blocks: Array<{ block: Record<string, any>; at: string }>
}

/** Consecutive messages of one role, as the API combines them into one turn. */
function turnsOf(messages: Array<{ role: string; content: unknown }>): Turn[] {
  const turns: Turn[] = []
  messages.forEach((message, index) => {
    const blocks =
      typeof message.content === 'string'
        ? [{ block: { type: 'text', text: message.content }, at: `messages.${index}` }]
        : (message.content as Array<Record<string, any>>).map((block, position) => ({ block, at: `messages.${index}.content.${position}` }))
    const last = turns.at(-1)
    if (last?.role === message.role) last.blocks.push(...blocks)
    else turns.push({ role: message.role, index, blocks })
  })
  return turns
}

/** Every `tool_use` answered by a `tool_result` in the next turn, every `tool_result` answering one in the turn before. */
function toolPairingProblem(turns: Turn[]): string | undefined {
  for (const [position, turn] of turns.entries()) {
    const previous = turns[position - 1]
    const asked = new Set(previous?.role === 'assistant' ? previous.blocks.filter(({ block }) => block.type === 'tool_use').map(({ block }) => block.id as string) : [])
    if (turn.role === 'user') {
      for (const { block, at } of turn.blocks) {
        if (block.type === 'tool_result' && !asked.has(block.tool_use_id)) {
          return `${at}: unexpected \`tool_use_id\` found in \`tool_result\` blocks: ${block.tool_use_id}. Each \`tool_result\` block must have a corresponding \`tool_use\` block in the previous message.`
        }
      }
    }
    const next = turns[position + 1]
    if (turn.role !== 'assistant' || !next) continue
    const answered = new Set(next.blocks.filter(({ block }) => block.type === 'tool_result').map(({ block }) => block.tool_use_id as string))
    const open = turn.blocks.filter(({ block }) => block.type === 'tool_use' && !answered.has(block.id)).map(({ block }) => block.id as string)
    if (open.length > 0) {
      return `messages.${next.index}: \`tool_use\` ids were found without \`tool_result\` blocks immediately after: ${open.join(', ')}. Each \`tool_use\` block must have a corresponding \`tool_result\` block in the next message.`
    }
  }
  return undefined
}

/**
 * The last assistant turn of a tool-use cycle must carry the thinking the stand-in sent with its
 * tool calls, unchanged and before them (the API's rule for models that think, which the current
 * ones do by default).
 */
function thinkingProblem(turns: Turn[], issued: ReadonlyMap<string, IssuedThinking[]>): string | undefined {
  const turn = turns.findLast((candidate) => candidate.role === 'assistant')
  const firstToolUse = turn?.blocks.findIndex(({ block }) => block.type === 'tool_use') ?? -1
  if (!turn || firstToolUse < 0) return undefined
  const expected = issued.get(turn.blocks[firstToolUse]!.block.id)
  if (!expected) return undefined
  const sent = turn.blocks.slice(0, firstToolUse).filter(({ block }) => block.type === 'thinking' || block.type === 'redacted_thinking')
  if (sent.length === 0) {
    const { block, at } = turn.blocks[0]!
    return `${at}.type: Expected \`thinking\` or \`redacted_thinking\`, but found \`${block.type}\`. When \`thinking\` is enabled, a final \`assistant\` message must start with a thinking block (preceding the lastmost set of \`tool_use\` and \`tool_result\` blocks). We recommend you include thinking blocks from previous turns.`
  }
  const changed = expected.findIndex((block, index) => JSON.stringify(block) !== JSON.stringify(sent[index]?.block))
  if (changed >= 0 || sent.length !== expected.length) {
    return `${sent[Math.max(changed, 0)]!.at}: \`thinking\` or \`redacted_thinking\` blocks in the latest assistant message cannot be modified. These blocks must remain as they were in the original response.`
  }
  return undefined
}

/**
 * What is wrong with a `POST /v1/messages` body, in the API's words, or undefined when it is a
 * request the API takes: the documented schema, non-empty messages, tool calls paired with their
 * results, and the thinking of a tool-use turn sent back as it was issued.
 */
export function problemOf(body: unknown, issued: ReadonlyMap<string, IssuedThinking[]> = new Map()): string | undefined {
  if (!validate(body)) return describe(validate.errors![0]!)
  const { messages } = body as { messages: Array<{ role: string; content: unknown }> }
  const empty = messages.findIndex((message, index) => (message.content === '' || (Array.isArray(message.content) && message.content.length === 0)) && !(index === messages.length - 1 && message.role === 'assistant'))
  if (empty >= 0) return `messages.${empty}: all messages must have non-empty content except for the optional final assistant message`
  const turns = turnsOf(messages)
  return toolPairingProblem(turns) ?? thinkingProblem(turns, issued)
}
