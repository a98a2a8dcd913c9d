import { createHash } from 'node:crypto'
import { LRUCache } from 'lru-cache'
import type { Redis } from 'ioredis'
import type { ChatMessage, ChatResult, ResponseFormat, ToolSpec } from '@troupe/sdk/plugin'

/** Where LLM answers are kept for identical requests. */
export interface ResponseCache {
  get(key: string): Promise<ChatResult | undefined>
  set(key: string, value: ChatResult): Promise<void>
}

/** The cache key: the tenant is part of it, so tenants never share an entry. */
export function responseCacheKey(parts: {
  tenantId: string
  providerId: string
  model: string
  messages: ChatMessage[]
  tools?: ToolSpec[]
  /** A request for structured output is another request (the same words may have asked for prose). */
  responseFormat?: ResponseFormat
}): string {
  const canonical = JSON.stringify([parts.tenantId, parts.providerId, parts.model, parts.messages, parts.tools ?? [], ...(parts.responseFormat ? [parts.responseFormat] : [])])
  return createHash('sha256').update(canonical).digest('hex')
}

export class MemoryResponseCache implements ResponseCache {
  private readonly entries: LRUCache<string, ChatResult>

  constructor(max = 1000, ttlMs = 3_600_000) {
    this.entries = new LRUCache({ max, ttl: ttlMs })
  }

  async get(key: string) {
    return this.entries.get(key)
  }

  async set(key: string, value: ChatResult) {
    this.entries.set(key, value)
  }
}

/** Shared by every API instance and worker when `REDIS_URL` is set. */
export class RedisResponseCache implements ResponseCache {
  constructor(
    private readonly redis: Redis,
    private readonly ttlSeconds = 3600,
    private readonly prefix = 'troupe:llm-cache:'
  ) {}

  async get(key: string) {
    const raw = await this.redis.get(this.prefix + key)
    return raw ? (JSON.parse(raw) as ChatResult) : undefined
  }

  async set(key: string, value: ChatResult) {
    await this.redis.set(this.prefix + key, JSON.stringify(value), 'EX', this.ttlSeconds)
  }
}
