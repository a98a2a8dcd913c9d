import { randomBytes } from 'node:crypto'
import { readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import type { TroupeConfig } from './load-config.js'
import { ConfigError } from './load-config.js'
import { createPrivateDir, tighten, warnNotPrivate } from './private-data-dir.js'

/**
 * The secret key from the environment or, in embedded mode, from `<dataDir>/secret.key`
 * (generated with mode 0600 in a data directory of mode 0700 on first start; a looser existing
 * file is tightened, and `logger` warned when that fails). A server database without
 * a key is refused: API instances must share one key, so it cannot be generated per instance.
 */
export async function resolveSecretKey(config: TroupeConfig, logger?: { warn(data: object, message: string): void }): Promise<string> {
  if (config.secretKey) return config.secretKey
  if (config.databaseUrl) {
    throw new ConfigError('TROUPE_SECRET_KEY', 'is required when DATABASE_URL is set (all instances must share it)')
  }
  const file = path.join(config.dataDir, 'secret.key')
  try {
    const key = (await readFile(file, 'utf8')).trim()
    warnNotPrivate(logger, await tighten(file))
    return key
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
  }
  await createPrivateDir(config.dataDir)
  const key = randomBytes(32).toString('base64url')
  await writeFile(file, key, { mode: 0o600, flag: 'wx' })
  return key
}
