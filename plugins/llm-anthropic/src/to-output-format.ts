import type { ResponseFormat } from '@troupe/sdk/plugin'
import type { JSONOutputFormat } from '@anthropic-ai/sdk/resources/messages'
import { jsonSchemaOutputFormat } from '@anthropic-ai/sdk/helpers/json-schema'

/**
 * How a `responseFormat` reaches the Messages API. Its structured outputs (`output_config.format`)
 * hold the answer to a JSON Schema with an object at the root, in the subset the vendor's own
 * helper turns the schema into (objects closed, unsupported keywords moved into descriptions). A
 * schema the helper cannot take (another root, a property without a type) is asked for in words
 * instead. Either way the host checks the answer against the full schema.
 */
export function toOutputFormat(format: ResponseFormat): { format: JSONOutputFormat } | { instruction: string } {
  try {
    const { schema } = jsonSchemaOutputFormat(format.schema as Parameters<typeof jsonSchemaOutputFormat>[0])
    return { format: { type: 'json_schema', schema } }
  } catch {
    return {
      instruction: `Answer with one JSON value and nothing else (no prose, no code fence). It must be valid against this JSON Schema (named ${format.name}):\n${JSON.stringify(format.schema)}`
    }
  }
}
