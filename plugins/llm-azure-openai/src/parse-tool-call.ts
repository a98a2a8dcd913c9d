import { toolCallFromJson, type ToolCall } from '@troupe/sdk/plugin'

/** A tool call as the deployment sent it: its arguments still a JSON string. */
export interface RawToolCall {
  id: string
  name: string
  arguments: string
}

/** A tool call with its arguments parsed (`toolCallFromJson`: broken ones come back with an `argumentsError`). */
export function parseToolCall({ id, name, arguments: json }: RawToolCall): ToolCall {
  return toolCallFromJson(id, name, json)
}
