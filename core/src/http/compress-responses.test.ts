import { describe, expect, it } from 'vitest'
import { compressibleType } from './compress-responses.js'

describe('compressibleType', () => {
  it('takes text, JSON, scripts, SVG and WebAssembly, and leaves event streams, images and binaries', () => {
    for (const type of ['application/json; charset=utf-8', 'text/javascript; charset=utf-8', 'text/css', 'text/html; charset=utf-8', 'image/svg+xml', 'application/wasm', 'application/problem+json', 'text/plain']) {
      expect(compressibleType.test(type), type).toBe(true)
    }
    for (const type of ['text/event-stream', 'text/event-stream; charset=utf-8', 'image/png', 'font/woff2', 'application/octet-stream', 'application/jsonx', '']) {
      expect(compressibleType.test(type), type).toBe(false)
    }
  })
})
