import { onScopeDispose } from 'vue'
import type { ServiceEvent } from '@troupe/sdk'
import { useApi } from './use-api.ts'

type Handlers<T> = Partial<Record<ServiceEvent, (record: T) => void>>

/**
 * Listens to a service's real-time events (`created`, `patched`, ...) for as long as the calling
 * component or store lives. The server sends only what this user's role may read.
 */
export function useServiceEvents<T>(path: string, handlers: Handlers<T>): () => void {
  const service = useApi().service(path as never) as unknown as {
    on(event: string, listener: (record: T) => void): void
    off(event: string, listener: (record: T) => void): void
  }
  const entries = Object.entries(handlers) as [ServiceEvent, (record: T) => void][]
  for (const [event, listener] of entries) service.on(event, listener)
  const stop = () => {
    for (const [event, listener] of entries) service.off(event, listener)
  }
  onScopeDispose(stop)
  return stop
}
