/** What a service's permission rules may allow or deny (CASL actions: `find`/`get` are `read`, `patch`/`update` are `update`, `remove` is `delete`). */
export type PermissionAction = 'read' | 'create' | 'update' | 'delete'

export interface PermissionRuleOptions {
  /** Limit the rule to these fields (reads and writes). */
  fields?: string[]
  /** Limit the rule to records matching these equality conditions. */
  where?: Record<string, unknown>
}

/** The rule builder a service's declaration receives, already bound to that service. */
export interface PermissionRuleBuilder {
  allow(actions: PermissionAction | PermissionAction[], options?: PermissionRuleOptions): void
  deny(actions: PermissionAction | PermissionAction[], options?: PermissionRuleOptions): void
}

/** Who calls: rules may depend on the user, the tenant and the role. */
export interface PermissionPrincipal {
  userId: string
  tenantId: string
  role: 'admin' | 'member' | 'viewer'
}

/**
 * What a principal may do with one service. A service without rules is closed to every external
 * caller: registering it does not make it reachable, declaring its rules does. Since plugin API
 * 1.7 (the same types the core declares its own services' rules with).
 */
export type PermissionRules = (principal: PermissionPrincipal, rules: PermissionRuleBuilder) => void
