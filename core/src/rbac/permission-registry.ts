import type { PermissionAction, PermissionRuleBuilder, PermissionRuleOptions, PermissionRules } from '@troupe/sdk/plugin'

// One set of rule types for the core's services and plugins' alike: they live in the SDK.
export type Action = PermissionAction
export type RuleOptions = PermissionRuleOptions
export type SubjectRules = PermissionRuleBuilder
export type { PermissionRules }

/**
 * Subjects and their rules. A service without an entry here is denied to every external caller:
 * registering a service does not make it reachable, declaring its permissions does.
 */
export class PermissionRegistry {
  private readonly rules = new Map<string, PermissionRules>()

  declare(subject: string, rules: PermissionRules): void {
    if (this.rules.has(subject)) throw new Error(`Permissions for "${subject}" are already declared`)
    this.rules.set(subject, rules)
  }

  has(subject: string): boolean {
    return this.rules.has(subject)
  }

  entries(): IterableIterator<[string, PermissionRules]> {
    return this.rules.entries()
  }
}

/** The common shape of tenant-owned content: admins and members build, viewers read. */
export const contentPermissions: PermissionRules = (principal, { allow }) => {
  allow('read')
  if (principal.role !== 'viewer') allow(['create', 'update', 'delete'])
}
