import { describe, expect, it } from 'vitest'
import { runNode } from '@troupe/sdk/plugin/testing'
import { utilDelayNode } from './util-delay.js'

const pendingTimers = () => process.getActiveResourcesInfo().filter((resource) => resource === 'Timeout').length

describe('util.delay', () => {
  it('waits about the given time, then outputs its input', async () => {
    const started = performance.now()
    const result = await runNode(utilDelayNode, { params: { ms: 120 }, input: { keep: 'me' } })
    const elapsed = performance.now() - started
    expect(result.output).toEqual({ keep: 'me' })
    expect(elapsed).toBeGreaterThanOrEqual(115)
    expect(elapsed).toBeLessThan(300)
  })

  it('passes on at once with 0 ms', async () => {
    expect((await runNode(utilDelayNode, { params: { ms: 0 }, input: 7 })).output).toBe(7)
  })

  it('ends the wait within 100 ms of an abort, with an AbortError, and clears its timer', async () => {
    const before = pendingTimers()
    const controller = new AbortController()
    const run = runNode(utilDelayNode, { params: { ms: 60_000 }, input: null, signal: controller.signal })
    expect(pendingTimers()).toBe(before + 1)
    const abortedAt = { ms: 0 }
    setTimeout(() => {
      abortedAt.ms = performance.now()
      controller.abort()
    }, 30)
    const error = await run.then(
      () => undefined,
      (reason: Error) => reason
    )
    expect(error?.name).toBe('AbortError')
    expect(performance.now() - abortedAt.ms).toBeLessThan(100)
    expect(pendingTimers()).toBe(before)
  })

  it('does not wait when the signal has already aborted', async () => {
    const controller = new AbortController()
    controller.abort()
    const run = runNode(utilDelayNode, { params: { ms: 60_000 }, signal: controller.signal })
    await expect(run).rejects.toMatchObject({ name: 'AbortError' })
  })

  it('refuses delays that are negative, fractional, over a day or missing', async () => {
    await expect(runNode(utilDelayNode, { params: { ms: -1 } })).rejects.toThrow(/ms must be >= 0/)
    await expect(runNode(utilDelayNode, { params: { ms: 1.5 } })).rejects.toThrow(/ms must be integer/)
    await expect(runNode(utilDelayNode, { params: { ms: 86_400_001 } })).rejects.toThrow(/ms must be <= 86400000/)
    await expect(runNode(utilDelayNode, { params: {} as never })).rejects.toThrow(/ms must have required property/)
  })
})
