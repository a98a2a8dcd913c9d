import { AbilityBuilder, createMongoAbility, type MongoAbility, type Subject } from '@casl/ability'
import type { Principal } from '../declarations.js'
import type { Action, PermissionRegistry } from './permission-registry.js'

export type TroupeAbility = MongoAbility<[Action, Subject]>

/** The CASL ability of one principal, from every subject's declared rules. */
export function defineAbility(principal: Principal, registry: PermissionRegistry): TroupeAbility {
  const builder = new AbilityBuilder<TroupeAbility>(createMongoAbility)
  for (const [subject, declare] of registry.entries()) {
    declare(principal, {
      allow: (actions, options = {}) => builder.can(actions, subject, options.fields as string[], options.where as never),
      deny: (actions, options = {}) => builder.cannot(actions, subject, options.fields as string[], options.where as never)
    })
  }
  return builder.build()
}

/**
 * The query that limits `action` on `subject` to what the ability allows: `null` when nothing
 * limits it, `false` when nothing is allowed, else an `$or` of the allowed conditions.
 */
export function scopeQuery(
  ability: TroupeAbility,
  action: Action,
  subject: string
): null | false | { $or: Record<string, unknown>[] } {
  const rules = ability.rulesFor(action, subject)
  const conditions: Record<string, unknown>[] = []
  for (const rule of rules) {
    if (rule.inverted) continue
    if (!rule.conditions) return null
    conditions.push(rule.conditions as Record<string, unknown>)
  }
  return conditions.length ? { $or: conditions } : false
}
