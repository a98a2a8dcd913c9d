import type { ServiceDescriptor } from '../services/service-descriptor.js'
import { errorResponses, errorSchema, errorSchemaName } from './error-responses.js'
import { handDescribedRoutes } from './hand-described-routes.js'
import type { HttpVerb } from './rest-route.js'
import { SchemaComponents, type JsonSchema } from './schema-components.js'
import { serviceOperations } from './service-operations.js'

export interface OpenApiSource {
  /** The services the running app registered, core and plugins' (`ServiceDescriptors.list()`). */
  services: ServiceDescriptor[]
  /** The server's version, as `info.version`. */
  version: string
}

type PathItems = Record<string, Partial<Record<HttpVerb, JsonSchema>>>

/**
 * The OpenAPI 3.1 description of the REST API, generated from what the services declared when
 * they registered (path, methods, the TypeBox schemas their calls are checked against, the record
 * they answer) plus the few routes that are not services (`handDescribedRoutes`). Nothing about
 * a service is written twice: a plugin's services appear because they registered. It holds no
 * tenant's data and no configuration: only the shapes of the calls.
 */
export function buildOpenApiDocument({ services, version }: OpenApiSource): JsonSchema {
  const components = new SchemaComponents()
  components.add(errorSchemaName, errorSchema)
  // The records claim their names before any schema derived from one (which keeps its `$id`) can.
  for (const { schemas } of services) for (const record of [schemas?.result, schemas?.created]) if (record) components.use(record)
  const paths: PathItems = {}
  const operationIds = new Set<string>()
  const place = (path: string, verb: HttpVerb, operation: JsonSchema) => {
    paths[path] ??= {}
    const previous = paths[path][verb]
    if (previous) operationIds.delete(previous.operationId as string)
    paths[path][verb] = { ...operation, operationId: uniqueId(operation.operationId as string, operationIds) }
  }
  for (const service of services) {
    for (const { path, verb, operation } of serviceOperations(service, components)) place(path, verb, operation)
  }
  for (const [path, item] of Object.entries(handDescribedRoutes())) {
    for (const [verb, operation] of Object.entries(item)) place(path, verb as HttpVerb, operation)
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Troupe API',
      version,
      description:
        'REST under `/api/v1`; the same services are reachable over Socket.IO (path `/socket.io`) by their bare path. Generated at start from the services the server registered, plugins\' included. Guide: docs/api.md.',
      license: { name: 'Apache-2.0', identifier: 'Apache-2.0' }
    },
    servers: [{ url: '/', description: 'This server' }],
    security: [{ bearerAuth: [] }],
    paths: Object.fromEntries(Object.entries(paths).sort(([a], [b]) => a.localeCompare(b))),
    components: {
      schemas: components.all(),
      responses: errorResponses,
      securitySchemes: {
        bearerAuth: {
          type: 'http',
          scheme: 'bearer',
          description: 'An access token (`POST /api/v1/authentication`, or signup) or an API key (`trp_...`, `POST /api/v1/api-keys`)'
        }
      }
    }
  }
}

/** Operation ids are unique in a document; two services whose paths read alike get `2`, `3`. */
function uniqueId(id: string, taken: Set<string>): string {
  let unique = id
  for (let n = 2; taken.has(unique); n++) unique = `${id}${n}`
  taken.add(unique)
  return unique
}
