interface RuleMatch {
  /** A JavaScript regular expression, tested against the content of the conversation's last message. */
  match: string
  /** Any of `i`, `m`, `s`, `u`. */
  flags?: string
}

export interface ReplyRule extends RuleMatch {
  /** The answer; `$1`, `$<name>`, `$&` expand as in `String.prototype.replace`. */
  reply: string
}

export interface ToolCallRule extends RuleMatch {
  toolCall: { name: string; arguments: Record<string, unknown> }
}

export type ScriptedRule = ReplyRule | ToolCallRule

export interface ScriptedOptions {
  rules?: ScriptedRule[]
  /** Pause between streamed tokens, in milliseconds. */
  tokenDelayMs?: number
}

const matchProperties = {
  match: { type: 'string', description: 'JavaScript regular expression tested against the last message' },
  flags: { type: 'string', pattern: '^[imsu]*$', description: 'Regular expression flags' }
}

const replyRuleSchema = {
  type: 'object',
  required: ['match', 'reply'],
  additionalProperties: false,
  properties: {
    ...matchProperties,
    reply: { type: 'string', description: 'Text answer; $1, $<name> refer to capture groups' }
  }
}

const toolCallRuleSchema = {
  type: 'object',
  required: ['match', 'toolCall'],
  additionalProperties: false,
  properties: {
    ...matchProperties,
    toolCall: {
      type: 'object',
      required: ['name', 'arguments'],
      additionalProperties: false,
      properties: { name: { type: 'string', minLength: 1 }, arguments: { type: 'object' } }
    }
  }
}

/** JSON Schema of the `options` of a scripted provider record. */
export const scriptedOptionsSchema: Record<string, unknown> = {
  type: 'object',
  additionalProperties: false,
  properties: {
    rules: { type: 'array', items: { oneOf: [replyRuleSchema, toolCallRuleSchema] } },
    tokenDelayMs: { type: 'integer', minimum: 0, maximum: 1000, default: 0 }
  }
}
