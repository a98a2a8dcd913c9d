import type { RoleName } from '@troupe/sdk'

const rank: Record<RoleName, number> = { viewer: 0, member: 1, admin: 2 }

/** The less privileged of two roles (an API key can narrow its owner's role, never widen it). */
export function narrowerRole(a: RoleName, b: RoleName | null | undefined): RoleName {
  if (!b) return a
  return rank[a] <= rank[b] ? a : b
}

export function isAtLeast(role: RoleName, minimum: RoleName): boolean {
  return rank[role] >= rank[minimum]
}
