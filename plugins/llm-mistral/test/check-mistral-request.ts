import { Ajv, type ErrorObject } from 'ajv'
import addFormatsPlugin from 'ajv-formats'
import { chatCompletionRequestSchema, embeddingRequestSchema } from './mistral-request-schemas.js'

/** A refusal as Mistral words it: the HTTP status and its body. */
export interface MistralRefusal {
  status: number
  body: unknown
}

/** One entry of the `detail` list Mistral's API (FastAPI with pydantic) answers a 422 with. */
interface ValidationIssue {
  type: string
  loc: Array<string | number>
  msg: string
  input?: unknown
}

const ajv = addFormatsPlugin.default(new Ajv({ allErrors: true, strict: false, discriminator: true }))
const validators = { chat: ajv.compile(chatCompletionRequestSchema), embeddings: ajv.compile(embeddingRequestSchema) }

const typeNames: Record<string, [string, string]> = {
  string: ['string_type', 'a valid string'],
  integer: ['int_type', 'a valid integer'],
  number: ['float_type', 'a valid number'],
  boolean: ['bool_type', 'a valid boolean'],
  array: ['list_type', 'a valid list'],
  object: ['dict_type', 'a valid dictionary']
}

/** An ajv error in pydantic's words, as Mistral's API reports it; none for the wrappers of alternatives. */
function issueOf(error: ErrorObject, body: unknown): ValidationIssue | undefined {
  const path = error.instancePath.split('/').slice(1).map((part) => (/^\d+$/.test(part) ? Number(part) : part))
  const loc = ['body', ...path]
  const input = path.reduce<unknown>((value, key) => (value as Record<string | number, unknown> | undefined)?.[key], body)
  const params = error.params as Record<string, unknown>
  switch (error.keyword) {
    case 'additionalProperties':
      return { type: 'extra_forbidden', loc: [...loc, String(params.additionalProperty)], msg: 'Extra inputs are not permitted', input: (input as Record<string, unknown>)[String(params.additionalProperty)] }
    case 'required':
      return { type: 'missing', loc: [...loc, String(params.missingProperty)], msg: 'Field required', input }
    case 'type': {
      if (params.type === 'null') return undefined
      const [type, what] = typeNames[String(params.type)] ?? ['type_error', `of type ${String(params.type)}`]
      return { type, loc, msg: `Input should be ${what}`, input }
    }
    case 'const':
      return { type: 'literal_error', loc, msg: `Input should be '${String(params.allowedValue)}'`, input }
    case 'enum':
      return { type: 'enum', loc, msg: `Input should be ${(params.allowedValues as unknown[]).map((value) => `'${String(value)}'`).join(', ')}`, input }
    case 'minimum':
      return { type: 'greater_than_equal', loc, msg: `Input should be greater than or equal to ${String(params.limit)}`, input }
    case 'exclusiveMinimum':
      return { type: 'greater_than', loc, msg: `Input should be greater than ${String(params.limit)}`, input }
    case 'maximum':
      return { type: 'less_than_equal', loc, msg: `Input should be less than or equal to ${String(params.limit)}`, input }
    case 'minItems':
      return { type: 'too_short', loc, msg: `List should have at least ${String(params.limit)} items`, input }
    case 'discriminator':
      return { type: 'union_tag_invalid', loc, msg: `Input tag '${String((input as Record<string, unknown>)?.[String(params.tag)])}' found using '${String(params.tag)}' does not match any of the expected tags`, input }
    case 'anyOf':
    case 'oneOf':
      return undefined
    default:
      return { type: error.keyword, loc, msg: error.message ?? 'Invalid input', input }
  }
}

function schemaRefusal(kind: keyof typeof validators, body: unknown): MistralRefusal | undefined {
  const validate = validators[kind]
  if (validate(body)) return undefined
  // ajv reports a field once per alternative it tried; pydantic names each problem once.
  const detail = new Map<string, ValidationIssue>()
  for (const error of validate.errors ?? []) {
    const issue = issueOf(error, body)
    if (issue) detail.set(`${issue.loc.join('.')}|${issue.type}`, detail.get(`${issue.loc.join('.')}|${issue.type}`) ?? issue)
  }
  return { status: 422, body: { detail: [...detail.values()] } }
}

/** Mistral's error body for a request its validator (mistral-common's) refuses. */
function refusal(message: string, type = 'invalid_request_error', code: string | null = null): MistralRefusal {
  return { status: 400, body: { object: 'error', message, type, param: null, code } }
}

interface WireMessage {
  role: 'system' | 'user' | 'assistant' | 'tool'
  content?: unknown
  tool_calls?: Array<{ id?: string; function: { name: string } }> | null
  tool_call_id?: string | null
  name?: string | null
  prefix?: boolean
}

const toolCallId = /^[a-zA-Z0-9]{9}$/
const functionName = /^[a-zA-Z0-9_-]{1,64}$/
const followers: Record<WireMessage['role'], WireMessage['role'][]> = {
  system: ['user', 'assistant', 'system'],
  user: ['assistant', 'system', 'user'],
  assistant: ['assistant', 'user', 'tool'],
  tool: ['assistant', 'tool']
}
const orderError = (message: string) => refusal(message, 'invalid_request_message_order', '3230')
const badId = (id: string) => refusal(`Tool call id was ${id} but must be a-z, A-Z, 0-9, with a length of 9.`, 'invalid_function_call', '3280')
const badName = (name: string) => refusal(`Function name was ${name} but must be a-z, A-Z, 0-9, or contain underscores and dashes, with a maximum length of 64.`)

/**
 * What Mistral checks beyond the schema before serving a conversation, as its open-source
 * validator does (mistral-common `MistralRequestValidatorV13`, serving mode) and with the errors
 * its API answers: the order of roles, the last message, an assistant message with something in
 * it, nine-character tool call ids, and every call answered by one tool result.
 */
function conversationRefusal(messages: WireMessage[], tools: Array<{ function?: { name: string } }>): MistralRefusal | undefined {
  if (messages.length === 0) return refusal('Conversation must have at least one message')
  if (messages.length === 1 && !['user', 'system'].includes(messages[0]!.role)) return orderError('Conversation must start with a user message or system message')
  const last = messages.at(-1)!
  if (messages.length > 1 && !['user', 'tool'].includes(last.role) && !(last.role === 'assistant' && last.prefix)) {
    return orderError(`Expected last role User or Tool (or Assistant with prefix True) for serving but got ${last.role}`)
  }
  for (const [index, message] of messages.entries()) {
    const previous = messages[index - 1]
    if (previous && !followers[previous.role].includes(message.role)) return orderError(`Unexpected role '${message.role}' after role '${previous.role}'`)
    if (message.role === 'assistant') {
      const hasContent = typeof message.content === 'string' ? message.content !== '' : Array.isArray(message.content) && message.content.length > 0
      if (!hasContent && !message.tool_calls?.length) return refusal('Assistant message must have either content or tool_calls, but not none.')
      if (message.prefix && message !== last) return refusal('Assistant message with prefix True must be last message')
      for (const call of message.tool_calls ?? []) {
        if (call.id === undefined || call.id === 'null') return refusal('Tool call id has to be defined in serving mode.', 'invalid_function_call', '3280')
        if (!toolCallId.test(call.id)) return badId(call.id)
        if (!functionName.test(call.function.name)) return badName(call.function.name)
      }
    }
    if (message.role === 'tool') {
      if (message.name != null && !functionName.test(message.name)) return badName(message.name)
      if (message.tool_call_id == null) return refusal('Tool call id has to be defined.')
      if (!toolCallId.test(message.tool_call_id)) return badId(message.tool_call_id)
    }
  }
  for (const { function: fn } of tools) if (fn && !functionName.test(fn.name)) return badName(fn.name)
  return pairingRefusal(messages)
}

/** Every tool call of an assistant message is answered by exactly one tool result, by id, before the next assistant message. */
function pairingRefusal(messages: WireMessage[]): MistralRefusal | undefined {
  let expected = new Set<string>()
  let observed = new Set<string>()
  for (const message of messages.slice(1)) {
    if (message.role === 'tool') {
      const id = message.tool_call_id!
      if (observed.has(id)) return refusal(`Duplicate tool call id ${id} in tool results`)
      if (!expected.has(id)) return refusal(`Unexpected tool call id ${id} in tool results`)
      observed.add(id)
    } else if (message.role === 'assistant') {
      if (expected.size !== observed.size) return refusal('Not the same number of function calls and responses')
      expected = new Set()
      observed = new Set()
      for (const call of message.tool_calls ?? []) {
        if (expected.has(call.id!)) return refusal(`Duplicate tool call id ${call.id} in assistant message`)
        expected.add(call.id!)
      }
    }
  }
  if (expected.size !== observed.size) return refusal('Not the same number of function calls and responses')
  return undefined
}

/** Why Mistral would refuse a chat completion request, in its own words; none when it would serve it. */
export function checkChatRequest(body: unknown): MistralRefusal | undefined {
  const request = body as { messages: WireMessage[]; tools?: Array<{ function?: { name: string } }> | null }
  return schemaRefusal('chat', body) ?? conversationRefusal(request.messages, request.tools ?? [])
}

/** Why Mistral would refuse an embedding request; none when it would serve it. */
export function checkEmbeddingRequest(body: unknown): MistralRefusal | undefined {
  return schemaRefusal('embeddings', body)
}
