import { hkdfSync } from 'node:crypto'

/** A purpose-bound 256-bit key derived from `TROUPE_SECRET_KEY`, so one secret never serves two uses. */
export function deriveKey(secretKey: string, purpose: 'jwt-signing' | 'secret-encryption'): Buffer {
  return Buffer.from(hkdfSync('sha256', secretKey, 'troupe', purpose, 32))
}
