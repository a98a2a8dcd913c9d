import type { Application } from '../declarations.js'

/**
 * Makes `app.lookup` (how REST and Socket.IO find the service of a path) answer "no such service"
 * for a path with a segment named like a member of `Object.prototype` (`__proto__`,
 * `constructor`, `toString`, ...). Feathers' router keeps a node's children in a plain object, so
 * such a segment reaches a function or the prototype itself instead of a route, and the lookup
 * throws a TypeError whose stack named server files. No service or id of Troupe has such a name.
 */
export function safeServiceLookup(app: Application): void {
  const lookup = app.lookup.bind(app)
  app.lookup = (path: string) => {
    if (typeof path === 'string' && path.split('/').some((segment) => segment in Object.prototype)) return null as never
    return lookup(path)
  }
}
