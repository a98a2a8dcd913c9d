import type { Application } from '../declarations.js'
import type { ServiceDescriptor } from './service-descriptor.js'

/**
 * Mounts a service and declares it to the shared hooks (authentication, validation, CASL).
 * Every Troupe service, core or plugin, goes through here.
 */
export function registerService(
  app: Application,
  descriptor: ServiceDescriptor,
  service: object,
  /** Service hooks in Feathers' `{ around, before, after, error }` form. */
  hooks?: Record<string, unknown>
): void {
  app.get('serviceDescriptors').add(descriptor)
  if (descriptor.permissions) app.get('permissions').declare(descriptor.path, descriptor.permissions)
  const mount = app.use as (path: string, service: object, options: object) => void
  mount.call(app, descriptor.path, service, { methods: descriptor.methods, events: descriptor.events ?? [] })
  if (hooks) (app.service(descriptor.path as never) as { hooks(h: unknown): void }).hooks(hooks)
}
