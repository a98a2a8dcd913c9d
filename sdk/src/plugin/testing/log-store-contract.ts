import { randomUUID } from 'node:crypto'
import type { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  ConflictingEventError,
  executionEventLogOptions,
  type LogStore,
  type LoggedExecutionEvent,
  type TenantLogOptions,
  type TenantLogService
} from '../log-store.js'

/**
 * The test runner's functions (vitest's, or any runner's with the same API), handed in so the
 * SDK itself needs no test runner.
 */
export interface TestApi {
  describe: typeof describe
  it: typeof it
  expect: typeof expect
  beforeAll: typeof beforeAll
  afterAll: typeof afterAll
}

/** A store to check, with what it needs from the host to hold a tenant's records. */
export interface LogStoreUnderTest {
  store: LogStore
  /** A new tenant (PostgreSQL: a migrated schema with a `contract_notes` table like `contractNotesLog`). */
  addTenant(): Promise<string>
  /** A new execution of the tenant (PostgreSQL: the row its events' foreign key names). */
  addExecution(tenantId: string): Promise<string>
  close(): Promise<void>
}

/** A record of the log the suite checks `tenantLog` with. */
export interface ContractNote {
  id: string
  ownerId: string
  body: string
  rank: number
  createdAt: string | Date
}

/**
 * The log of the `tenantLog` checks. A store over tables needs, in each tenant's schema:
 * `contract_notes (id uuid primary key, owner_id uuid not null, body text not null default '',
 * rank integer not null default 0, created_at timestamptz not null default now())`.
 */
export const contractNotesLog: TenantLogOptions<ContractNote> = {
  name: 'contract_notes',
  dateFields: ['createdAt'],
  indexes: [{ fields: ['id'], unique: true }, { fields: ['ownerId', 'createdAt'] }],
  defaults: () => ({ body: '', rank: 0, createdAt: new Date().toISOString() })
}

const at = (ms: number) => new Date(Date.UTC(2026, 0, 2, 3, 4, 5) + ms)

function event(executionId: string, seq: number, type = 'node.started', extra: Partial<LoggedExecutionEvent> = {}): LoggedExecutionEvent {
  return { executionId, seq, type, nodeId: type.startsWith('node.') ? 'a' : null, data: { seq }, createdAt: at(seq), ...extra }
}

/** Events as plain comparable values: times as ISO text (stores may return `Date`s or text). */
const plain = (events: unknown) =>
  (events as Array<Record<string, unknown>>).map(({ createdAt, ...rest }) => ({ ...rest, createdAt: new Date(createdAt as string).toISOString() }))

/**
 * The contract every log store keeps (`LogStore` in `@troupe/sdk/plugin`): the execution event
 * log (idempotent appends, conflicting ones refused, the reads the executor and the API make,
 * GDPR export and erasure), tenant logs with the Feathers query syntax and pagination, tenants
 * kept apart, and tenant erasure. `skip` names why the store cannot be checked here (the suite
 * then shows as skipped, with that reason in its name).
 *
 *     describeLogStoreContract({ describe, it, expect, beforeAll, afterAll }, 'my store', async () => ({ store, ... }))
 */
export function describeLogStoreContract(test: TestApi, name: string, open: () => Promise<LogStoreUnderTest>, options: { skip?: string } = {}) {
  const { describe, it, expect, beforeAll, afterAll } = test
  describe.skipIf(Boolean(options.skip))(options.skip ? `${name} (skipped: ${options.skip})` : name, () => {
    let subject: LogStoreUnderTest
    let store: LogStore
    let events: TenantLogService<LoggedExecutionEvent>
    let notes: TenantLogService<ContractNote>
    const as = (tenantId: string) => ({ principal: { tenantId, userId: randomUUID(), role: 'admin' } })

    beforeAll(async () => {
      subject = await open()
      store = subject.store
      events = store.tenantLog(executionEventLogOptions)
      notes = store.tenantLog(contractNotesLog)
    })
    afterAll(async () => {
      await subject?.close()
    })

    async function tenantWithExecutions(count: number) {
      const tenantId = await subject.addTenant()
      const executions: string[] = []
      for (let index = 0; index < count; index++) executions.push(await subject.addExecution(tenantId))
      return { tenantId, executions }
    }

    describe('execution events', () => {
      it('stores an appended batch and serves it in seq order, without store-specific fields', async () => {
        const { tenantId, executions: [run] } = await tenantWithExecutions(1)
        await store.executionEvents.append(tenantId, [event(run, 1, 'execution.started'), event(run, 2), event(run, 3, 'log', { data: { text: 'hi', nested: { list: [1, 'two', null] } } })])
        const found = await events._find({ ...as(tenantId), query: { executionId: run, $sort: { seq: 1 } }, paginate: false })
        expect(plain(found)).toEqual([
          { executionId: run, seq: 1, type: 'execution.started', nodeId: null, data: { seq: 1 }, createdAt: at(1).toISOString() },
          { executionId: run, seq: 2, type: 'node.started', nodeId: 'a', data: { seq: 2 }, createdAt: at(2).toISOString() },
          { executionId: run, seq: 3, type: 'log', nodeId: null, data: { text: 'hi', nested: { list: [1, 'two', null] } }, createdAt: at(3).toISOString() }
        ])
      })

      it('stores a batch handed in again once, and refuses another event under a stored seq', async () => {
        const { tenantId, executions: [run] } = await tenantWithExecutions(1)
        const batch = [event(run, 1), event(run, 2)]
        await store.executionEvents.append(tenantId, batch)
        await store.executionEvents.append(tenantId, [...batch, event(run, 3)])
        expect(await store.executionEvents.lastSeq(tenantId, run)).toBe(3)
        await expect(store.executionEvents.append(tenantId, [event(run, 2, 'node.failed')])).rejects.toBeInstanceOf(ConflictingEventError)
        const stored = (await events._find({ ...as(tenantId), query: { executionId: run }, paginate: false })) as LoggedExecutionEvent[]
        expect(stored.map((stored) => `${stored.seq}:${stored.type}`).sort()).toEqual(['1:node.started', '2:node.started', '3:node.started'])
      })

      it('stores data with a NUL character in a field name', async () => {
        const { tenantId, executions: [run] } = await tenantWithExecutions(1)
        await store.executionEvents.append(tenantId, [event(run, 1, 'node.completed', { data: { 'odd\u0000key': 'value\u0000' } })])
        expect(await store.executionEvents.lastSeq(tenantId, run)).toBe(1)
      })

      it('knows the last seq of each execution and its completion event', async () => {
        const { tenantId, executions: [first, second] } = await tenantWithExecutions(2)
        expect(await store.executionEvents.lastSeq(tenantId, first)).toBe(0)
        expect(await store.executionEvents.completion(tenantId, first)).toBeUndefined()
        await store.executionEvents.append(tenantId, [event(first, 1), event(first, 2), event(second, 1)])
        await store.executionEvents.append(tenantId, [event(first, 3, 'execution.completed', { data: { status: 'succeeded', output: { n: 1 } } })])
        expect(await store.executionEvents.lastSeq(tenantId, first)).toBe(3)
        expect(await store.executionEvents.lastSeq(tenantId, second)).toBe(1)
        const completion = await store.executionEvents.completion(tenantId, first)
        expect(plain([completion])).toEqual([{ executionId: first, seq: 3, type: 'execution.completed', nodeId: null, data: { status: 'succeeded', output: { n: 1 } }, createdAt: at(3).toISOString() }])
        expect(await store.executionEvents.completion(tenantId, second)).toBeUndefined()
      })

      it('finds by execution, type, node and seq, sorts, and pages with totals', async () => {
        const { tenantId, executions: [run, other] } = await tenantWithExecutions(2)
        await store.executionEvents.append(tenantId, [
          event(run, 1, 'execution.started'),
          event(run, 2, 'node.started'),
          event(run, 3, 'token'),
          event(run, 4, 'token'),
          event(run, 5, 'node.completed'),
          event(other, 1, 'execution.started')
        ])
        const seqs = async (query: Record<string, unknown>) =>
          ((await events._find({ ...as(tenantId), query: { executionId: run, ...query }, paginate: false })) as LoggedExecutionEvent[]).map((found) => found.seq)
        expect(await seqs({ type: 'token', $sort: { seq: 1 } })).toEqual([3, 4])
        expect(await seqs({ type: { $in: ['execution.started', 'node.completed'] }, $sort: { seq: -1 } })).toEqual([5, 1])
        expect(await seqs({ seq: { $gt: 2, $lte: 4 }, $sort: { seq: 1 } })).toEqual([3, 4])
        expect(await seqs({ nodeId: null, $sort: { seq: 1 } })).toEqual([1, 3, 4])
        expect(await seqs({ type: { $ne: 'token' }, $or: [{ seq: 1 }, { seq: { $gte: 5 } }], $sort: { seq: 1 } })).toEqual([1, 5])
        expect(await seqs({ createdAt: { $gte: at(4).toISOString() }, $sort: { seq: 1 } })).toEqual([4, 5])

        const page = (await events.find({ ...as(tenantId), query: { executionId: run, $sort: { seq: 1 }, $limit: 2, $skip: 2 } })) as {
          total: number
          limit: number
          skip: number
          data: LoggedExecutionEvent[]
        }
        expect({ ...page, data: page.data.map((found) => found.seq) }).toEqual({ total: 5, limit: 2, skip: 2, data: [3, 4] })
        const capped = (await events.find({ ...as(tenantId), query: { $limit: 5000 } })) as { limit: number; total: number }
        expect(capped).toMatchObject({ limit: executionEventLogOptions.paginate!.max, total: 6 })
      })

      it('exports and removes the events of given executions only (GDPR)', async () => {
        const { tenantId, executions: [first, second, kept] } = await tenantWithExecutions(3)
        await store.executionEvents.append(tenantId, [event(second, 1), event(first, 2), event(first, 1), event(kept, 1), event(second, 2)])
        const exported = await store.executionEvents.ofExecutions(tenantId, [first, second])
        const [low, high] = [first, second].sort()
        expect(exported.map((found) => [found.executionId, found.seq])).toEqual([[low, 1], [low, 2], [high, 1], [high, 2]])
        expect(await store.executionEvents.ofExecutions(tenantId, [])).toEqual([])
        await store.executionEvents.removeExecutions(tenantId, [first, second])
        expect(await store.executionEvents.ofExecutions(tenantId, [first, second, kept])).toMatchObject([{ executionId: kept, seq: 1 }])
        expect(await store.executionEvents.lastSeq(tenantId, first)).toBe(0)
      })
    })

    describe('tenant logs', () => {
      it('creates with the log defaults, gets, patches and removes by id', async () => {
        const tenantId = await subject.addTenant()
        const ownerId = randomUUID()
        const id = randomUUID()
        const created = await notes._create({ id, ownerId, rank: 2 }, as(tenantId))
        expect(created).toMatchObject({ id, ownerId, body: '', rank: 2 })
        expect(await notes._get(id, as(tenantId))).toMatchObject({ id, ownerId, body: '', rank: 2 })
        expect(Object.keys(await notes._get(id, as(tenantId))).sort()).toEqual(['body', 'createdAt', 'id', 'ownerId', 'rank'])
        const patched = await notes._patch(id, { body: 'changed', createdAt: at(10).toISOString() }, as(tenantId))
        expect(patched).toMatchObject({ id, body: 'changed', rank: 2 })
        expect(new Date(patched.createdAt).toISOString()).toBe(at(10).toISOString())
        await notes._remove(id, as(tenantId))
        await expect(notes._get(id, as(tenantId))).rejects.toMatchObject({ name: 'NotFound' })
        await expect(notes._patch(id, { body: 'gone' }, as(tenantId))).rejects.toMatchObject({ name: 'NotFound' })
      })

      it('queries with the Feathers syntax, $select and pagination, times compared as times', async () => {
        const tenantId = await subject.addTenant()
        const [alice, bob] = [randomUUID(), randomUUID()]
        for (const [rank, ownerId] of [alice, bob, alice, alice].entries()) {
          await notes._create({ id: randomUUID(), ownerId, body: `note ${rank}`, rank, createdAt: at(rank).toISOString() }, as(tenantId))
        }
        const ranks = async (query: Record<string, unknown>) =>
          ((await notes._find({ ...as(tenantId), query: { $sort: { rank: 1 }, ...query }, paginate: false })) as ContractNote[]).map((note) => note.rank)
        expect(await ranks({ ownerId: alice })).toEqual([0, 2, 3])
        expect(await ranks({ $and: [{ $or: [{ ownerId: bob }, { rank: { $gte: 3 } }] }] })).toEqual([1, 3])
        expect(await ranks({ rank: { $nin: [0, 3] }, $sort: { rank: -1 } })).toEqual([2, 1])
        expect(await ranks({ createdAt: { $lt: at(2).toISOString() } })).toEqual([0, 1])
        const selected = (await notes._find({ ...as(tenantId), query: { ownerId: bob, $select: ['body'] }, paginate: false })) as ContractNote[]
        expect(selected.map((note) => Object.keys(note).sort())).toEqual([['body', 'id']])
        const page = (await notes.find({ ...as(tenantId), query: { $sort: { rank: 1 }, $limit: 3, $skip: 1 } })) as { total: number; data: ContractNote[] }
        expect([page.total, page.data.map((note) => note.rank)]).toEqual([4, [1, 2, 3]])
        await expect(notes.find({ ...as(tenantId), query: { body: { $regex: '.*' } } })).rejects.toMatchObject({ name: 'BadRequest' })
      })

      it('patches and removes many only when asked to (multi)', async () => {
        const tenantId = await subject.addTenant()
        const ownerId = randomUUID()
        for (const rank of [1, 2, 3]) await notes._create({ id: randomUUID(), ownerId, rank }, as(tenantId))
        await expect(notes._remove(null, { ...as(tenantId), query: { ownerId } })).rejects.toMatchObject({ name: 'MethodNotAllowed' })
        const patched = (await notes._patch(null, { body: 'low' }, { ...as(tenantId), query: { rank: { $lte: 2 } }, adapter: { multi: ['patch'] } })) as unknown as ContractNote[]
        expect(patched.map((note) => note.body)).toEqual(['low', 'low'])
        const removed = (await notes._remove(null, { ...as(tenantId), query: { body: 'low' }, adapter: { multi: ['remove'] } })) as unknown as ContractNote[]
        expect(removed.map((note) => note.rank).sort()).toEqual([1, 2])
        expect(((await notes._find({ ...as(tenantId), query: {}, paginate: false })) as ContractNote[]).map((note) => note.rank)).toEqual([3])
      })
    })

    describe('tenants', () => {
      it('keeps every tenant apart, and refuses calls without a principal', async () => {
        const a = await tenantWithExecutions(1)
        const b = await subject.addTenant()
        await store.executionEvents.append(a.tenantId, [event(a.executions[0], 1)])
        await notes._create({ id: randomUUID(), ownerId: randomUUID() }, as(a.tenantId))
        expect(await events._find({ ...as(b), query: {}, paginate: false })).toEqual([])
        expect(await notes._find({ ...as(b), query: {}, paginate: false })).toEqual([])
        expect(await store.executionEvents.lastSeq(b, a.executions[0])).toBe(0)
        await expect(async () => notes._find({ query: {}, paginate: false })).rejects.toThrow(/without a principal/)
      })

      it("erases one tenant's logs, and erasing again does nothing", async () => {
        const gone = await tenantWithExecutions(1)
        const kept = await tenantWithExecutions(1)
        for (const { tenantId, executions } of [gone, kept]) {
          await store.executionEvents.append(tenantId, [event(executions[0], 1)])
          await notes._create({ id: randomUUID(), ownerId: randomUUID() }, as(tenantId))
        }
        await store.eraseTenant(gone.tenantId)
        await store.eraseTenant(gone.tenantId)
        expect(await events._find({ ...as(gone.tenantId), query: {}, paginate: false })).toEqual([])
        expect(await notes._find({ ...as(gone.tenantId), query: {}, paginate: false })).toEqual([])
        expect(await events._find({ ...as(kept.tenantId), query: {}, paginate: false })).toHaveLength(1)
        expect(await notes._find({ ...as(kept.tenantId), query: {}, paginate: false })).toHaveLength(1)
      })
    })
  })
}
