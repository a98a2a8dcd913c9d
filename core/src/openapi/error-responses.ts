import type { JsonSchema } from './schema-components.js'

/** The shared error schema's name in `components.schemas`. */
export const errorSchemaName = 'Error'

const errorSchemaRef = { $ref: `#/components/schemas/${errorSchemaName}` }

/** Every error answer is a Feathers error (docs/api.md, "Errors"). */
export const errorSchema: JsonSchema = {
  type: 'object',
  required: ['name', 'message', 'code', 'className'],
  properties: {
    name: { type: 'string', description: 'The Feathers error class', examples: ['BadRequest'] },
    message: { type: 'string', description: 'For validation errors, names each offending field' },
    code: { type: 'integer', minimum: 400, maximum: 599, description: 'The HTTP status' },
    className: { type: 'string', examples: ['bad-request'] },
    data: {
      description: 'Details: the offending fields of a validation error (`[{field, message}]`, `field` a dotted path); `limit` or `retryAfter` of a refused limit'
    }
  }
}

/** A JSON error answer; `headers` for the ones that say when to try again. */
export function errorAnswer(description: string, headers?: Record<string, unknown>): JsonSchema {
  return { description, ...(headers ? { headers } : {}), content: { 'application/json': { schema: errorSchemaRef } } }
}

const retryAfter = { 'Retry-After': { description: 'Seconds to wait before trying again', schema: { type: 'integer', minimum: 0 } } }

/** The error answers every operation may give, once in `components.responses`. */
export const errorResponses = {
  BadRequest: errorAnswer('Invalid data or query: an unknown field or operator, a value out of bounds, malformed JSON. `data` names the fields'),
  NotAuthenticated: errorAnswer('No valid access token or API key: missing, expired, revoked or forged'),
  Forbidden: errorAnswer('The role (or the API key\'s role) does not allow the method or one of the fields'),
  NotFound: errorAnswer('No such record in the caller\'s tenant (another tenant\'s ids do not exist for it), or an id that is not one'),
  TooManyRequests: errorAnswer('A rate limit or a quota of the tenant: try again after `Retry-After` seconds', retryAfter),
  Error: errorAnswer('Any other error: 405 (a method the service does not offer), 409, 413, 500 (the message is always `Internal server error`)')
} satisfies Record<string, JsonSchema>

/** A reference to one of `errorResponses`. */
export function errorResponse(name: keyof typeof errorResponses): JsonSchema {
  return { $ref: `#/components/responses/${name}` }
}
