import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { SecretBox, SecretDecryptionError } from './secret-box.js'

describe('SecretBox', () => {
  const box = new SecretBox(randomBytes(32))

  it('round-trips and never stores the plaintext', () => {
    const sealed = box.encrypt('sk-live-123', 'tenant-a:provider-1')
    expect(sealed).not.toContain('sk-live-123')
    expect(sealed.startsWith('v1:')).toBe(true)
    expect(box.decrypt(sealed, 'tenant-a:provider-1')).toBe('sk-live-123')
  })

  it('uses a fresh IV every time', () => {
    expect(box.encrypt('same', 'c')).not.toBe(box.encrypt('same', 'c'))
  })

  it('fails closed on tampering, another context or another key', () => {
    const sealed = box.encrypt('sk-live-123', 'tenant-a:provider-1')
    const parts = sealed.split(':')
    const flipped = Buffer.from(parts[3], 'base64url')
    flipped[0] ^= 1
    const tampered = [parts[0], parts[1], parts[2], flipped.toString('base64url')].join(':')
    expect(() => box.decrypt(tampered, 'tenant-a:provider-1')).toThrow(SecretDecryptionError)
    expect(() => box.decrypt(sealed, 'tenant-b:provider-1')).toThrow(SecretDecryptionError)
    expect(() => new SecretBox(randomBytes(32)).decrypt(sealed, 'tenant-a:provider-1')).toThrow(SecretDecryptionError)
    expect(() => box.decrypt('garbage', 'tenant-a:provider-1')).toThrow(SecretDecryptionError)
  })
})
