import type { HookContext } from '../../declarations.js'

/**
 * Whether the call names the caller's own user. Ids are compared without case: Postgres matches a
 * UUID written in capitals to the same row, so a case-sensitive check could be stepped around.
 */
export function isOwnAccount(context: HookContext): boolean {
  const { principal } = context.params
  return principal !== undefined && context.id !== undefined && context.id !== null && String(context.id).toLowerCase() === principal.userId.toLowerCase()
}
