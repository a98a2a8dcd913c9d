import type { PermissionRules } from '../rbac/permission-registry.js'

/** What the shared hooks need to know about a service: who may call it and what it accepts. */
export interface ServiceDescriptor {
  path: string
  methods: string[]
  /** Methods callable without authentication (each one an explicit opt-out). */
  publicMethods?: string[]
  /** CASL rules; without them every external call is forbidden. */
  permissions?: PermissionRules
  /**
   * JSON Schemas checked on external calls: `data` for create and update, `patch` for patch.
   * `result` and `created` are not checked: they describe the answers in the API description
   * (`/api/v1/openapi.json`), so a client generated from it reads them typed.
   */
  schemas?: {
    data?: object
    patch?: object
    query?: object
    /** One record as answered by get, create, update, patch and remove, and listed in the page `find` answers. */
    result?: object
    /** What `create` answers when it is more than `result` (an API key with its secret, shown once). */
    created?: object
  }
  /** Ids are UUIDs (anything else is answered 404 unseen) unless the service names records by `name`. */
  ids?: 'uuid' | 'name'
  /** Custom events the service emits besides the standard ones. */
  events?: string[]
  /** The plugin that registered it; none for the core's own. A plugin's records calls into its own services are not checked by CASL. */
  owner?: string
}

export class ServiceDescriptors {
  private readonly byPath = new Map<string, ServiceDescriptor>()

  add(descriptor: ServiceDescriptor): void {
    if (this.byPath.has(descriptor.path)) throw new Error(`Service "${descriptor.path}" is already registered`)
    this.byPath.set(descriptor.path, descriptor)
  }

  get(path: string): ServiceDescriptor | undefined {
    return this.byPath.get(path)
  }

  /** Every registered service, core and plugins', in registration order: what the API description lists. */
  list(): ServiceDescriptor[] {
    return [...this.byPath.values()]
  }
}
