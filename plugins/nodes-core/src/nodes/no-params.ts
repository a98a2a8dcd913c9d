/** The params of a node type that has no settings: an empty object, and nothing else. */
export type NoParams = Record<string, never>

export const noParamsSchema: Record<string, unknown> = { type: 'object', properties: {}, additionalProperties: false }
