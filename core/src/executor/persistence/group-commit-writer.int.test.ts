import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Knex } from 'knex'
import { tenantMigrations } from '../../../migrations/index.js'
import { migrateSchema } from '../../db/migrate.js'
import { PreparedStatements } from '../../db/prepared-statements.js'
import { openTestDatabase, type TestDatabase } from '../../../test/open-test-database.js'
import { emptyChanges, maxChangesBytes, type ExecutionChanges } from './execution-changes.js'
import { GroupCommitWriter, PendingChanges } from './group-commit-writer.js'
import { LeaseLostError } from './lease-lost-error.js'
import { UnstorableProgressError } from './unstorable-progress.js'
import { EventAppendError } from './append-events.js'
import { PostgresExecutionEventLog } from '../../stores/postgres-execution-event-log.js'

const tenant = { tenantId: '6b1c1b7e-3f8e-4d8e-9a41-0c7d2b0e5a11', tenantSchema: 'tenant_6b1c1b7e3f8e4d8e9a410c7d2b0e5a11' }
const schema = tenant.tenantSchema
let knex: Knex
let database: TestDatabase
let flowId: string

beforeAll(async () => {
  database = await openTestDatabase()
  knex = database.knex
  await migrateSchema(knex, schema, tenantMigrations)
  ;[{ id: flowId }] = await knex('flows').withSchema(schema).insert({ name: 'f' }).returning('id')
})
afterAll(async () => {
  await database?.close()
})

async function execution(runnerId: string | null, status = 'queued'): Promise<string> {
  const [{ id }] = await knex('executions').withSchema(schema).insert({ flowId, flowVersion: 1, status, trigger: 'manual', runnerId }).returning('id')
  return id
}

const write = (writer: GroupCommitWriter, changes: ExecutionChanges) => writer.write(tenant, new PendingChanges(changes))
const row = (id: string) => knex('executions').withSchema(schema).where({ id }).first()
const nodes = (id: string) => knex('executionNodes').withSchema(schema).where({ executionId: id }).orderBy('nodeId')
const events = (id: string) => knex('executionEvents').withSchema(schema).where({ executionId: id }).orderBy('seq')

function changesOf(executionId: string, seq: number, patch: Partial<ExecutionChanges> = {}): ExecutionChanges {
  const changes = emptyChanges(executionId)
  changes.events.push({ executionId, seq, type: 'node.started', nodeId: 'a', data: { n: seq }, createdAt: new Date('2026-01-02T03:04:05.678Z') })
  return Object.assign(changes, patch)
}

describe('GroupCommitWriter', () => {
  it('refuses changes heavier than one write may carry without building a statement, and stores the rest of the batch', async () => {
    const writer = new GroupCommitWriter(new PreparedStatements(knex), 'me', new PostgresExecutionEventLog(knex))
    const [light, heavy] = [await execution('me'), await execution('me')]
    let statements = 0
    const count = () => void statements++
    knex.on('query', count)
    const results = await Promise.allSettled([write(writer, changesOf(light, 1)), write(writer, changesOf(heavy, 1, { bytes: maxChangesBytes + 1 }))])
    knex.off('query', count)
    expect(statements).toBe(1)
    expect(results[0]).toEqual({ status: 'fulfilled', value: { status: 'queued' } })
    expect(results[1]).toMatchObject({ status: 'rejected', reason: expect.any(UnstorableProgressError) })
    expect((results[1] as PromiseRejectedResult).reason.message).toMatch(/^Could not store the execution's progress: .* about 256 MiB .* more than the 256 MiB one write may hold$/)
    expect(await events(light)).toHaveLength(1)
    expect(await events(heavy)).toEqual([])
  })

  it('stores the executions of one batch in one statement, and leaves out those another runner holds', async () => {
    const writer = new GroupCommitWriter(new PreparedStatements(knex), 'me', new PostgresExecutionEventLog(knex))
    const [mine, theirs] = [await execution('me'), await execution('someone else')]
    let statements = 0
    const count = () => void statements++
    knex.on('query', count)
    const results = await Promise.allSettled([write(writer, changesOf(mine, 1)), write(writer, changesOf(theirs, 1))])
    knex.off('query', count)
    expect(statements).toBe(1)
    expect(results[0]).toEqual({ status: 'fulfilled', value: { status: 'queued' } })
    expect(results[1]).toMatchObject({ status: 'rejected', reason: expect.any(LeaseLostError) })
    expect(await events(mine)).toMatchObject([{ seq: 1, type: 'node.started', nodeId: 'a', data: { n: 1 } }])
    expect((await events(mine))[0].createdAt.toISOString()).toBe('2026-01-02T03:04:05.678Z')
    expect(await events(theirs)).toEqual([])
  })

  it('starts only a queued execution, and finishes it with its output, ending the lease', async () => {
    const writer = new GroupCommitWriter(new PreparedStatements(knex), 'me', new PostgresExecutionEventLog(knex))
    const [queued, cancelled] = [await execution('me'), await execution('me', 'cancelled')]
    const started = await Promise.all([
      write(writer, changesOf(queued, 1, { status: { status: 'running' } })),
      write(writer, changesOf(cancelled, 1, { status: { status: 'running' } }))
    ])
    expect(started.map((written) => written.row?.status)).toEqual(['running', 'cancelled'])
    expect((await row(queued)).startedAt).toBeInstanceOf(Date)

    const finished = await write(writer, changesOf(queued, 2, { status: { status: 'succeeded', output: { answer: 42 }, error: null } }))
    expect(finished.row).toMatchObject({ id: queued, status: 'succeeded', output: { answer: 42 }, leaseUntil: null, runnerId: 'me' })
    expect(finished.row?.finishedAt).toBeInstanceOf(Date)
  })

  it('merges node patches into the stored row without nulling what a later patch leaves out', async () => {
    const writer = new GroupCommitWriter(new PreparedStatements(knex), 'me', new PostgresExecutionEventLog(knex))
    const id = await execution('me')
    const at = new Date()
    const first = emptyChanges(id)
    first.nodes.set('a', { status: 'running', startedAt: at, input: { n: 1 } })
    first.nodes.set('b', { status: 'skipped', finishedAt: at })
    await write(writer, first)
    const second = emptyChanges(id)
    second.nodes.set('a', { status: 'succeeded', finishedAt: at, attempts: 1, output: 'done', port: null, error: null })
    await write(writer, second)
    expect(await nodes(id)).toMatchObject([
      { nodeId: 'a', status: 'succeeded', input: { n: 1 }, output: 'done', attempts: 1 },
      { nodeId: 'b', status: 'skipped', input: null }
    ])
    expect((await nodes(id))[0].startedAt.getTime()).toBe(at.getTime())
  })

  it('fails only the execution whose data the database refuses', async () => {
    const writer = new GroupCommitWriter(new PreparedStatements(knex), 'me', new PostgresExecutionEventLog(knex))
    const [good, bad] = [await execution('me'), await execution('me')]
    await write(writer, changesOf(bad, 1))
    // seq 1 again breaks the primary key of the event log.
    const results = await Promise.allSettled([write(writer, changesOf(good, 1)), write(writer, changesOf(bad, 1))])
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected'])
    expect(await events(good)).toHaveLength(1)
  })

  describe('with a log store that is not inline', () => {
    /** The same table, but reached the way another log store is: `append` after the statement. */
    class AppendingLog extends PostgresExecutionEventLog {
      readonly inline = false
      readonly appended: number[][] = []
      failures = 0
      async append(tenantId: string, events: Parameters<PostgresExecutionEventLog['append']>[1]) {
        if (this.failures > 0) {
          this.failures--
          throw new Error('log store unreachable')
        }
        this.appended.push(events.map((event) => event.seq))
        return super.append(tenantId, events)
      }
    }

    it('appends the events of the executions it still holds, once, after the statement committed', async () => {
      const log = new AppendingLog(knex)
      const writer = new GroupCommitWriter(new PreparedStatements(knex), 'me', log)
      const [mine, other, theirs] = [await execution('me'), await execution('me'), await execution('someone else')]
      const statements: string[] = []
      const record = (query: { sql: string }) => void statements.push(query.sql)
      knex.on('query', record)
      const results = await Promise.allSettled([write(writer, changesOf(mine, 1)), write(writer, changesOf(other, 1)), write(writer, changesOf(theirs, 1))])
      knex.off('query', record)
      expect(results.map((result) => result.status)).toEqual(['fulfilled', 'fulfilled', 'rejected'])
      // The group-committed statement (without events), then one append for the batch.
      expect(statements).toHaveLength(2)
      expect(statements[0]).not.toMatch(/execution_events/)
      expect(log.appended).toEqual([[1, 1]])
      expect(await events(mine)).toMatchObject([{ seq: 1, type: 'node.started' }])
      expect(await events(theirs)).toEqual([])
    })

    it('tries a failed append again, and fails only the executions with events when the store keeps failing', async () => {
      const log = new AppendingLog(knex)
      const writer = new GroupCommitWriter(new PreparedStatements(knex), 'me', log)
      const [retried, quiet, failing] = [await execution('me'), await execution('me'), await execution('me')]
      log.failures = 1
      await write(writer, changesOf(retried, 1))
      expect(await events(retried)).toHaveLength(1)

      log.failures = 10
      const withoutEvents = emptyChanges(quiet)
      withoutEvents.nodes.set('a', { status: 'running' })
      const results = await Promise.allSettled([write(writer, changesOf(failing, 1, { status: { status: 'running' } })), write(writer, withoutEvents)])
      expect(results[0]).toMatchObject({ status: 'rejected', reason: expect.any(EventAppendError) })
      expect(results[1].status).toBe('fulfilled')
      // The statement had committed: the run is started and its node stored, only its events are missing.
      expect((await row(failing)).status).toBe('running')
      expect(await events(failing)).toEqual([])
      expect(await nodes(quiet)).toMatchObject([{ nodeId: 'a', status: 'running' }])
    }, 20_000)
  })
})
