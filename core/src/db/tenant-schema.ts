/** The Postgres schema that holds everything a tenant owns. */
export function tenantSchemaName(tenantId: string): string {
  const compact = tenantId.toLowerCase().replace(/-/g, '')
  if (!/^[0-9a-f]{32}$/.test(compact)) throw new Error(`Not a tenant id: ${tenantId}`)
  return `tenant_${compact}`
}
