import { executionEventStreamPath, restPrefix, servicePaths } from '@troupe/sdk'
import { errorAnswer, errorResponse } from './error-responses.js'
import { openApiPath, type HttpVerb } from './rest-route.js'
import type { JsonSchema } from './schema-components.js'

/**
 * The few HTTP routes whose shape no service declaration says, written here by hand (docs/api.md
 * documents each): the event stream and the health check are not services; the webhook reads its
 * own body in several types and answers with the flow's output; logging out is a DELETE without
 * an id, or with the access token as the id. They replace a generated operation at the same path
 * and verb.
 */
export function handDescribedRoutes(): Record<string, Partial<Record<HttpVerb, JsonSchema>>> {
  const stream = openApiPath(executionEventStreamPath.slice(restPrefix.length))
  const webhook = openApiPath(servicePaths.hooks)
  const authentication = openApiPath(servicePaths.authentication).path
  const optional = (name: string, description: string) => ({ name, in: 'header', required: false, description, schema: { type: 'string' } })
  return {
    [stream.path]: {
      get: {
        operationId: 'streamExecutionEvents',
        summary: 'the events of one execution, as Server-Sent Events',
        description:
          'Every stored event from the start (or after `Last-Event-ID`), then the live ones; the stream closes after `execution.completed`. Each frame is `id: <seq>`, `event: <type>`, `data: {seq, type, nodeId, data, createdAt}` (an `ExecutionEvent`). A client address and a user may hold only so many streams at once.',
        tags: ['executions'],
        parameters: [
          ...stream.routeParams.map((name) => ({ name, in: 'path', required: true, schema: { type: 'string', format: 'uuid' } })),
          optional('Last-Event-ID', 'Resume after this event `seq` (what `id:` of the last frame received said)'),
          { name: 'lastEventId', in: 'query', required: false, description: 'The same, for clients that cannot set headers (`EventSource`)', schema: { type: 'integer', minimum: 0 } }
        ],
        responses: {
          '200': { description: 'The event stream', content: { 'text/event-stream': { schema: { type: 'string' } } } },
          '401': errorResponse('NotAuthenticated'),
          '404': errorResponse('NotFound'),
          '429': errorResponse('TooManyRequests'),
          default: errorResponse('Error')
        }
      }
    },
    [webhook.path]: {
      post: {
        operationId: 'callWebhook',
        summary: 'run a flow that starts with trigger.webhook',
        description:
          "Runs the flow with the request body as its input and answers with the flow's output when it finishes within the wait time, else 202. Public: a flow may require a static secret, a signature, or both; `Authorization`, when sent, must be an admin's or member's of the flow's tenant.",
        tags: ['hooks'],
        security: [{}, { bearerAuth: [] }],
        parameters: [
          ...webhook.routeParams.map((name) => ({ name, in: 'path', required: true, schema: { type: 'string', format: 'uuid' } })),
          optional('X-Troupe-Webhook-Secret', "The flow's `webhookSecret`, when it has one"),
          optional('X-Troupe-Timestamp', 'Unix seconds of the call, when the flow has a `webhookSigningSecret`'),
          optional('X-Troupe-Signature', '`v1=<hex HMAC-SHA256(signingSecret, "<timestamp>.<raw body>")>`, several comma-separated while rotating')
        ],
        requestBody: {
          required: false,
          description: "The flow's input: JSON, a form (repeated names give lists) or text, uncompressed, within the tenant's body limit",
          content: {
            'application/json': { schema: {} },
            'application/x-www-form-urlencoded': { schema: { type: 'object', additionalProperties: true } },
            'text/plain': { schema: { type: 'string' } }
          }
        },
        responses: {
          '200': { description: "The flow's output", content: { 'application/json': { schema: {} } } },
          '202': {
            description: 'Still running, or waiting for a person (an approval)',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['executionId', 'status'],
                  properties: { executionId: { type: 'string', format: 'uuid' }, status: { enum: ['running', 'waiting'] } }
                }
              }
            }
          },
          '400': errorResponse('BadRequest'),
          '401': errorAnswer('A missing or wrong secret, timestamp or signature, a replayed signature, or credentials that are not valid'),
          '403': errorResponse('Forbidden'),
          '404': errorAnswer('No flow with a webhook at this id'),
          '413': errorAnswer("The body is over the tenant's limit (`data.limit`)"),
          '415': errorAnswer('A body that is not JSON, a form or text, or that is compressed'),
          '429': errorResponse('TooManyRequests'),
          '502': errorAnswer('The flow failed or was cancelled (`data.executionId`)'),
          default: errorResponse('Error')
        }
      }
    },
    [authentication]: {
      delete: {
        operationId: 'logout',
        summary: 'log out',
        description: "Ends the caller's session: its refresh tokens and access tokens stop working, its event streams and Socket.IO connections close.",
        tags: ['authentication'],
        responses: {
          '200': { description: 'The ended authentication', content: { 'application/json': { schema: {} } } },
          '401': errorResponse('NotAuthenticated'),
          '429': errorResponse('TooManyRequests'),
          default: errorResponse('Error')
        }
      }
    },
    [`${authentication}/{id}`]: {
      delete: {
        operationId: 'removeAuthentication',
        summary: 'log out, naming the access token',
        description: 'The same as `DELETE /api/v1/authentication` when `id` is the access token the call is made with; 401 for any other.',
        tags: ['authentication'],
        parameters: [{ name: 'id', in: 'path', required: true, description: 'The access token itself', schema: { type: 'string' } }],
        responses: {
          '200': { description: 'The ended authentication', content: { 'application/json': { schema: {} } } },
          '401': errorResponse('NotAuthenticated'),
          '429': errorResponse('TooManyRequests'),
          default: errorResponse('Error')
        }
      }
    },
    '/health': {
      get: {
        operationId: 'health',
        summary: 'liveness and readiness',
        tags: ['health'],
        security: [],
        responses: {
          '200': { description: 'Up, and the database answers', content: { 'application/json': { schema: health('ok', 'ok') } } },
          '503': { description: 'The database does not answer', content: { 'application/json': { schema: health('unavailable', 'unreachable') } } }
        }
      }
    }
  }
}

function health(status: string, database: string): JsonSchema {
  return { type: 'object', required: ['status', 'database'], properties: { status: { const: status }, database: { const: database } } }
}
