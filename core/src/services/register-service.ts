import type { Application } from '../declarations.js'
import { serviceMethods } from '@troupe/sdk'
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
  assertMethodsAsTabled(descriptor)
  app.get('serviceDescriptors').add(descriptor)
  if (descriptor.permissions) app.get('permissions').declare(descriptor.path, descriptor.permissions)
  const mount = app.use as (path: string, service: object, options: object) => void
  mount.call(app, descriptor.path, service, { methods: descriptor.methods, events: descriptor.events ?? [] })
  if (hooks) (app.service(descriptor.path as never) as { hooks(h: unknown): void }).hooks(hooks)
}

/** A service the SDK's table lists offers exactly the methods it lists there: clients are typed from that table. */
function assertMethodsAsTabled({ path, methods }: ServiceDescriptor) {
  const tabled: readonly string[] | undefined = (serviceMethods as Record<string, readonly string[]>)[path]
  if (!tabled) return
  const differs = tabled.length !== methods.length || tabled.some((method) => !methods.includes(method))
  if (differs) throw new Error(`Service "${path}" offers ${methods.join(', ')}; the SDK's service table lists ${tabled.join(', ')}`)
}
