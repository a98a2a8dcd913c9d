import { describe, expect, it } from 'vitest'
import type { ExecutionChanges } from './execution-changes.js'
import type { GroupCommitWriter, PendingChanges } from './group-commit-writer.js'
import { KnexRecorder } from './knex-recorder.js'
import { UnstorableProgressError } from './unstorable-progress.js'

/** A writer that keeps what it is handed, or fails with `failure`. */
function fakeWriter(failure?: Error) {
  const written: ExecutionChanges[] = []
  const writer = {
    write: async (_tenant: unknown, pending: PendingChanges) => {
      written.push(pending.take())
      if (failure) throw failure
      return { status: 'running' }
    }
  } as unknown as GroupCommitWriter
  return { writer, written }
}

function recorder(writer: GroupCommitWriter, failures: Error[] = [], maxExecutionBytes?: number) {
  return new KnexRecorder({ writer, tenant: { tenantId: 't', tenantSchema: 'tenant_t' }, executionId: 'e', maxExecutionBytes, onFailure: (error) => failures.push(error) })
}

describe('KnexRecorder', () => {
  it('weighs what each write carries: inputs, outputs, event data and the rows around them', async () => {
    const { writer, written } = fakeWriter()
    const output = { text: 'x'.repeat(10_000) }
    const recording = recorder(writer)
    recording.node('a', { status: 'running', input: output })
    recording.node('a', { status: 'succeeded', output })
    recording.event('node.completed', 'a', { output })
    await recording.flush()
    expect(written).toHaveLength(1)
    expect(written[0].bytes).toBeGreaterThan(3 * 10_000)
    expect(written[0].bytes).toBeLessThan(3 * 10_000 + 1000)
  })

  it('turns a write that can never succeed into an unstorable-progress failure', async () => {
    const failures: Error[] = []
    const recording = recorder(fakeWriter(new RangeError('Invalid string length')).writer, failures)
    recording.event('log', null, { message: 'hello' })
    await expect(recording.flush()).rejects.toBeInstanceOf(UnstorableProgressError)
    expect(failures).toEqual([expect.objectContaining({ message: "Could not store the execution's progress: the changes are too large to be written (Invalid string length)" })])
  })

  it('hands large changes over in writes of a few MB each, so no one write holds the database for long', async () => {
    const { writer, written } = fakeWriter()
    const recording = recorder(writer)
    const output = 'o'.repeat(1024 * 1024)
    for (let index = 0; index < 20; index++) recording.node(`n${index}`, { status: 'succeeded', output })
    await recording.flush()
    expect(written.length).toBeGreaterThanOrEqual(4)
    expect(Math.max(...written.map((changes) => changes.bytes))).toBeLessThan(6 * 1024 * 1024)
    expect(written.flatMap((changes) => [...changes.nodes.keys()])).toEqual(Array.from({ length: 20 }, (_, index) => `n${index}`))
  })

  it('stops storing a run once its history passes what one execution may store, and fails it with the reason', async () => {
    const { writer, written } = fakeWriter()
    const failures: Error[] = []
    const recording = recorder(writer, failures, 100_000)
    recording.node('a', { status: 'succeeded', output: 'x'.repeat(60_000) })
    await recording.flush()
    recording.node('b', { status: 'succeeded', output: 'y'.repeat(60_000) })
    await expect(recording.flush()).rejects.toBeInstanceOf(UnstorableProgressError)
    recording.event('log', null, {})
    await expect(recording.flush()).rejects.toBeInstanceOf(UnstorableProgressError)
    expect(written).toHaveLength(1)
    expect(failures).toEqual([
      expect.objectContaining({ message: "Could not store the execution's progress: the execution's inputs, outputs and events reached about 117.4 KiB, more than the 97.7 KiB one execution may store" })
    ])
  })

  it('leaves a failure a later runner may get past as it is', async () => {
    const failures: Error[] = []
    const lost = Object.assign(new Error('Connection terminated unexpectedly'), { code: 'ECONNRESET' })
    const recording = recorder(fakeWriter(lost).writer, failures)
    recording.event('log', null, {})
    await expect(recording.flush()).rejects.toBe(lost)
    expect(failures).toEqual([lost])
  })
})
