import { createClient, type TroupeClient } from '@troupe/sdk'

/** A real Socket.IO client (the SDK's), authenticated with `accessToken`. */
export async function connectSocket(url: string, accessToken: string): Promise<TroupeClient> {
  const client = createClient(url, { transport: 'socket' })
  await client.authenticate({ strategy: 'jwt', accessToken })
  return client
}

/** Collects the events a service emits to `client`. */
export function recordEvents(client: TroupeClient, path: string, events = ['created', 'patched', 'updated', 'removed']) {
  const received: Array<{ event: string; data: any }> = []
  const service = client.service(path as 'flows')
  for (const event of events) service.on(event, (data: unknown) => received.push({ event, data }))
  return received
}

/** Waits long enough for events in flight on loopback to arrive. */
export const settle = (ms = 300) => new Promise((resolve) => setTimeout(resolve, ms))
