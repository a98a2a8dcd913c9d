import { describe, expect, it } from 'vitest'
import { StopRegistry } from './stop-registry.js'

describe('StopRegistry', () => {
  it('settles with the work while the run goes on', async () => {
    const stops = new StopRegistry(new AbortController().signal)
    expect(await stops.race(Promise.resolve(7))).toBe(7)
    await expect(stops.race(Promise.reject(new Error('node failed')))).rejects.toThrow('node failed')
  })

  it('rejects every waiting node at once when the run stops, and any later one right away', async () => {
    const stop = new AbortController()
    const stops = new StopRegistry(stop.signal)
    const never = new Promise<never>(() => undefined)
    const waiting = [stops.race(never), stops.race(never)]
    stop.abort(new Error('cancelled'))
    for (const result of await Promise.allSettled(waiting)) expect(result).toMatchObject({ status: 'rejected', reason: new Error('cancelled') })
    await expect(stops.race(Promise.resolve(1))).rejects.toThrow('cancelled')
  })
})
