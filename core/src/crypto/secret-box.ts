import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'

const version = 'v1'

export class SecretDecryptionError extends Error {
  constructor() {
    super('A stored secret could not be decrypted (wrong key or tampered data)')
    this.name = 'SecretDecryptionError'
  }
}

/**
 * AES-256-GCM for secrets at rest (provider API keys, tool credentials). `context` (for example
 * `<tenantId>:llm-provider:<id>`) is bound as associated data, so a ciphertext copied to another
 * record or tenant fails to decrypt. Any tampering fails closed.
 */
export class SecretBox {
  constructor(private readonly key: Buffer) {
    if (key.length !== 32) throw new Error('SecretBox needs a 256-bit key')
  }

  encrypt(plaintext: string, context: string): string {
    const iv = randomBytes(12)
    const cipher = createCipheriv('aes-256-gcm', this.key, iv)
    cipher.setAAD(Buffer.from(context))
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()])
    return [version, iv, cipher.getAuthTag(), ciphertext].map((part) => (typeof part === 'string' ? part : part.toString('base64url'))).join(':')
  }

  decrypt(sealed: string, context: string): string {
    const [tag, iv, authTag, ciphertext] = sealed.split(':')
    if (tag !== version || !iv || !authTag || ciphertext === undefined) throw new SecretDecryptionError()
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'))
      decipher.setAAD(Buffer.from(context))
      decipher.setAuthTag(Buffer.from(authTag, 'base64url'))
      return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8')
    } catch {
      throw new SecretDecryptionError()
    }
  }
}
