import { randomUUID } from 'node:crypto'
import { filterQuery, getLimit } from '@feathersjs/adapter-commons'
import { GeneralError, MethodNotAllowed, NotFound } from '@feathersjs/errors'
import type { Collection, Document, Filter } from 'mongodb'
import { pagination } from '@troupe/sdk'
import type { ServiceParams, TenantLogOptions, TenantLogService } from '@troupe/sdk/plugin'
import { mongoFilter, mongoProjection, mongoSort, storedRecord } from './mongo-query.js'
import type { TenantCollections } from './tenant-collections.js'

type Params = ServiceParams & {
  principal?: { tenantId?: string }
  query?: Record<string, unknown>
  paginate?: false | { default?: number; max?: number }
  adapter?: { multi?: boolean | string[] }
}
type Row = Record<string, unknown>

/**
 * A Feathers service over one log, a collection per tenant: the same methods and query syntax
 * (`$limit`, `$skip`, `$sort`, `$select`, `$in`, `$or`...) and the same pagination as the
 * PostgreSQL store's `TenantSchemaService`, scoped to the tenant of `params.principal`.
 * Public methods sanitize the query as the Feathers adapters do; `_` methods trust it.
 */
export class MongoTenantLogService<T = Row> implements TenantLogService<T> {
  private readonly idField: string
  private readonly dateFields: ReadonlySet<string>
  private readonly paginate: { default: number; max: number }

  constructor(
    private readonly collections: TenantCollections,
    private readonly log: TenantLogOptions<T>
  ) {
    this.idField = log.id ?? 'id'
    this.dateFields = new Set(log.dateFields ?? [])
    this.paginate = log.paginate ?? { ...pagination }
  }

  get id(): string {
    return this.idField
  }

  private collection(params?: Params): Promise<Collection<Document>> {
    const tenantId = params?.principal?.tenantId
    if (!tenantId) throw new GeneralError(`${this.log.name} is tenant-owned and was called without a principal`)
    return this.collections.get(tenantId, this.log)
  }

  private sanitized(params: Params = {}): Params {
    const paginate = params.paginate !== undefined ? params.paginate : this.paginate
    const { filters, query } = filterQuery(params.query ?? {}, { paginate: paginate || undefined })
    return { ...params, query: { ...filters, ...query } }
  }

  private allowsMulti(method: string, params?: Params): boolean {
    const multi = params?.adapter?.multi ?? false
    return Array.isArray(multi) ? multi.includes(method) : multi
  }

  /** The query's filter, and the id condition when one record is meant. */
  private split(params: Params = {}, id?: string | number | null) {
    const { $select, $sort, $limit, $skip, ...query } = params.query ?? {}
    const conditions = [mongoFilter(query, this.dateFields)]
    if (id !== undefined && id !== null) conditions.push(mongoFilter({ [this.idField]: id }, this.dateFields))
    const filter: Filter<Document> = conditions.length === 1 ? conditions[0] : { $and: conditions }
    return { filter, select: $select, sort: $sort as Row | undefined, limit: $limit, skip: Number($skip ?? 0) || 0 }
  }

  async find(params?: Params) {
    return this._find(this.sanitized(params))
  }

  async get(id: string, params?: Params): Promise<T> {
    return this._get(id, this.sanitized(params))
  }

  async create(data: Partial<T>, params?: Params): Promise<T> {
    if (Array.isArray(data) && !this.allowsMulti('create', params)) throw new MethodNotAllowed('Can not create multiple entries')
    return this._create(data, params)
  }

  async patch(id: string | null, data: Partial<T>, params?: Params): Promise<T> {
    const { $limit: _limit, ...query } = this.sanitized(params).query ?? {}
    return this._patch(id, data, { ...params, query })
  }

  async remove(id: string | null, params?: Params): Promise<T> {
    const { $limit: _limit, ...query } = this.sanitized(params).query ?? {}
    return this._remove(id, { ...params, query })
  }

  async _find(params: Params = {}): Promise<unknown> {
    const collection = await this.collection(params)
    const paginate = params.paginate !== undefined ? params.paginate : this.paginate
    const { filter, select, sort, limit: requested, skip } = this.split(params)
    const limit = getLimit(requested, paginate || undefined) as number | undefined
    const data =
      limit === 0
        ? []
        : await collection
            .find(filter, { projection: mongoProjection(select, this.idField), sort: mongoSort(sort), skip, ...(limit ? { limit } : {}) })
            .toArray()
    if (paginate && paginate.default) return { total: await collection.countDocuments(filter), limit, skip, data }
    return data
  }

  async _get(id: string, params: Params = {}): Promise<T> {
    const collection = await this.collection(params)
    const { filter, select } = this.split(params, id)
    const found = await collection.findOne(filter, { projection: mongoProjection(select, this.idField) })
    if (!found) throw new NotFound(`No record found for id '${id}'`)
    return found as T
  }

  async _create(data: Partial<T> | Array<Partial<T>>, params: Params = {}): Promise<T> {
    const collection = await this.collection(params)
    const records = [data].flat().map((item) => {
      const record = storedRecord({ ...(this.log.defaults?.() as Row | undefined), ...(item as Row) }, this.dateFields)
      if (record[this.idField] === undefined && this.idField === 'id') record.id = randomUUID()
      return record
    })
    // Inserting adds MongoDB's `_id` to the documents it is given: answer with copies without it.
    if (records.length) await collection.insertMany(records.map((record) => ({ ...record })))
    return (Array.isArray(data) ? records : records[0]) as T
  }

  async _patch(id: string | null, data: Partial<T>, params: Params = {}): Promise<T> {
    const collection = await this.collection(params)
    const { [this.idField]: _id, ...changes } = storedRecord(data as Row, this.dateFields)
    const { filter, select } = this.split(params, id)
    const projection = mongoProjection(select, this.idField)
    if (id !== null) {
      const patched = await collection.findOneAndUpdate(filter, { $set: changes }, { returnDocument: 'after', projection })
      if (!patched) throw new NotFound(`No record found for id '${id}'`)
      return patched as T
    }
    if (!this.allowsMulti('patch', params)) throw new MethodNotAllowed('Can not patch multiple entries')
    // By MongoDB's own `_id`: the patch may change what the query matched.
    const matched = (await collection.find(filter, { projection: { _id: 1 } }).toArray()).map((record) => record._id)
    await collection.updateMany({ _id: { $in: matched } }, { $set: changes })
    return (await collection.find({ _id: { $in: matched } }, { projection }).toArray()) as unknown as T
  }

  async _remove(id: string | null, params: Params = {}): Promise<T> {
    const collection = await this.collection(params)
    const { filter, select } = this.split(params, id)
    const projection = mongoProjection(select, this.idField)
    if (id !== null) {
      const removed = await collection.findOneAndDelete(filter, { projection })
      if (!removed) throw new NotFound(`No record found for id '${id}'`)
      return removed as T
    }
    if (!this.allowsMulti('remove', params)) throw new MethodNotAllowed('Can not remove multiple entries')
    // Every selected field and `_id`, to delete exactly what was found.
    const removed = await collection.find(filter, Array.isArray(select) ? { projection: { ...projection, _id: 1 } } : {}).toArray()
    await collection.deleteMany({ _id: { $in: removed.map((record) => record._id) } })
    return removed.map(({ _id, ...record }) => record) as unknown as T
  }
}
