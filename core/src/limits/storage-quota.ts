import type { Application, Principal } from '../declarations.js'
import { PayloadTooLarge } from './payload-too-large.js'

const mebibytes = (bytes: number) => `${(bytes / 1024 ** 2).toFixed(1)} MiB`

/**
 * 413 rather than 429: waiting does not help, only freeing space does, and clients retry a 429
 * on their own.
 */
export class StorageQuotaExceeded extends PayloadTooLarge {
  constructor(storedBytes: number, maxStoredBytes: number, serverMaxStoredBytes: number) {
    const raise =
      maxStoredBytes < serverMaxStoredBytes
        ? `or have an admin raise the tenant's maxStoredBytes (up to ${serverMaxStoredBytes})`
        : 'or ask the operator for a larger TROUPE_TENANT_MAX_STORED_BYTES'
    super(
      `This tenant's stored execution history (${mebibytes(storedBytes)}) is over its quota of ${mebibytes(maxStoredBytes)}, ` +
        `so new executions are refused until it is below. Free space by removing executions it no longer needs ` +
        `(DELETE /api/v1/executions/:id), ${raise}`,
      { storedBytes, maxStoredBytes }
    )
  }
}

/** Refuses a new execution of a tenant whose execution history is over its `maxStoredBytes`. */
export async function assertStorageQuota(app: Application, principal: Pick<Principal, 'tenantId' | 'tenantSchema'>): Promise<void> {
  const { maxStoredBytes } = await app.get('tenantLimits').get(principal.tenantId)
  const storedBytes = await app.get('storageMeter').storedBytes(principal, maxStoredBytes)
  if (storedBytes > maxStoredBytes) throw new StorageQuotaExceeded(storedBytes, maxStoredBytes, app.get('config').tenantMaxStoredBytes)
}
