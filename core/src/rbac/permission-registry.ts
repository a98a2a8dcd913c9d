import type { Principal } from '../declarations.js'

export type Action = 'read' | 'create' | 'update' | 'delete'

export interface RuleOptions {
  /** Limit the rule to these fields (reads and writes). */
  fields?: string[]
  /** Limit the rule to records matching these equality conditions. */
  where?: Record<string, unknown>
}

/** The rule builder a subject's declaration receives, already bound to that subject. */
export interface SubjectRules {
  allow(actions: Action | Action[], options?: RuleOptions): void
  deny(actions: Action | Action[], options?: RuleOptions): void
}

/** Declares what a principal may do with one subject (a service path). */
export type PermissionRules = (principal: Principal, rules: SubjectRules) => void

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
