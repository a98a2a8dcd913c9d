import { restPrefix, type ServiceMethodName } from '@troupe/sdk'

/** The HTTP methods of an OpenAPI path item that Feathers' REST transport uses. */
export type HttpVerb = 'get' | 'post' | 'put' | 'patch' | 'delete'

/** Where a service method is over REST, in OpenAPI's terms. */
export interface RestRoute {
  verb: HttpVerb
  /** `/api/v1/executions/{executionId}/rerun`: route params as `{name}` templates. */
  path: string
  /** The service path's route params (`executionId`), without the record `id`. */
  routeParams: string[]
  /** The method addresses one record: `{id}` ends the path. */
  withId: boolean
}

/**
 * Feathers' REST mapping (`@feathersjs/koa` `rest()`): `find` is GET on the collection, `create`
 * POST on it; `get`, `update`, `patch` and `remove` address one record, `/{id}`. The forms without
 * an id that Feathers also routes (PATCH and DELETE on the collection change many records) are not
 * offered by Troupe's services.
 */
const verbs: Record<ServiceMethodName, { verb: HttpVerb; withId: boolean }> = {
  find: { verb: 'get', withId: false },
  get: { verb: 'get', withId: true },
  create: { verb: 'post', withId: false },
  update: { verb: 'put', withId: true },
  patch: { verb: 'patch', withId: true },
  remove: { verb: 'delete', withId: true }
}

/** Whether `method` is one of the methods REST serves. */
export function isServiceMethod(method: string): method is ServiceMethodName {
  return Object.hasOwn(verbs, method)
}

/**
 * A route pattern in Feathers' (Koa router's) form, `executions/:executionId/rerun`, as an
 * OpenAPI path template under `prefix`: `/api/v1/executions/{executionId}/rerun`.
 */
export function openApiPath(route: string, prefix = restPrefix): { path: string; routeParams: string[] } {
  const routeParams: string[] = []
  const segments = route
    .split('/')
    .filter(Boolean)
    .map((segment) => {
      if (!segment.startsWith(':')) return segment
      routeParams.push(segment.slice(1))
      return `{${segment.slice(1)}}`
    })
  return { path: `${prefix}/${segments.join('/')}`, routeParams }
}

/** Where `method` of the service at `servicePath` is over REST. */
export function restRoute(servicePath: string, method: ServiceMethodName): RestRoute {
  const { verb, withId } = verbs[method]
  const { path, routeParams } = openApiPath(servicePath)
  return { verb, path: withId ? `${path}/{id}` : path, routeParams, withId }
}

/**
 * A name for the operation that client generators can turn into a function name: the method and
 * the path's fixed segments, `createExecutionsRerun`, `findLlmProviders`.
 */
export function operationId(servicePath: string, method: string): string {
  const words = servicePath
    .split('/')
    .filter((segment) => segment && !segment.startsWith(':'))
    .flatMap((segment) => segment.split(/[^A-Za-z0-9]+/))
    .filter(Boolean)
  return method + words.map((word) => word[0].toUpperCase() + word.slice(1)).join('')
}
