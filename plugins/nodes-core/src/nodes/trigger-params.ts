/** A trigger's one setting: the JSON Schema of the input the flow expects. */
export interface TriggerParams {
  inputSchema?: Record<string, unknown>
}

/**
 * Optional: when set, a run's input is checked against it before the execution is created, the
 * run form renders from it and MCP clients see it as the input schema of the flow as a tool.
 */
export const triggerParamsSchema: Record<string, unknown> = {
  type: 'object',
  properties: {
    inputSchema: {
      type: 'object',
      title: 'Input schema',
      description: 'JSON Schema (type object) of the input this flow expects; runs with other input are refused',
      properties: { type: { const: 'object' } },
      required: ['type'],
      'x-troupe-expression': true
    }
  },
  additionalProperties: false
}
