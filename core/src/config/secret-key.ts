import { randomBytes } from 'node:crypto'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import type { TroupeConfig } from './load-config.js'
import { ConfigError } from './load-config.js'

/**
 * The secret key from the environment or, in embedded mode, from `<dataDir>/secret.key`
 * (generated with mode 0600 on first start). A server database without a key is refused:
 * API instances must share one key, so it cannot be generated per instance.
 */
export async function resolveSecretKey(config: TroupeConfig): Promise<string> {
  if (config.secretKey) return config.secretKey
  if (config.databaseUrl) {
    throw new ConfigError('TROUPE_SECRET_KEY', 'is required when DATABASE_URL is set (all instances must share it)')
  }
  const file = path.join(config.dataDir, 'secret.key')
  try {
    return (await readFile(file, 'utf8')).trim()
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
  }
  await mkdir(config.dataDir, { recursive: true })
  const key = randomBytes(32).toString('base64url')
  await writeFile(file, key, { mode: 0o600, flag: 'wx' })
  return key
}
