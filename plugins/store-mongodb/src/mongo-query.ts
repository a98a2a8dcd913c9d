import { BadRequest } from '@feathersjs/errors'
import type { Document, Filter, Sort } from 'mongodb'

/** The operators of the Feathers query syntax; nothing else reaches MongoDB (no `$where`, `$regex`, `$expr`). */
const fieldOperators = new Set(['$in', '$nin', '$lt', '$lte', '$gt', '$gte', '$ne'])
const listOperators = new Set(['$in', '$nin'])
const logicalOperators = new Set(['$or', '$and'])

type Query = Record<string, unknown>

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype

/** A time given as text or epoch milliseconds, as the date MongoDB compares. */
export function asDate(value: unknown, field: string): unknown {
  if (value === null || value instanceof Date) return value
  if (typeof value !== 'string' && typeof value !== 'number') throw new BadRequest(`${field} must be a time`, [{ field, message: 'must be a time' }])
  const date = new Date(value)
  if (Number.isNaN(date.getTime())) throw new BadRequest(`${field} must be a time`, [{ field, message: 'must be a time' }])
  return date
}

function fieldCondition(field: string, value: unknown, dateFields: ReadonlySet<string>): unknown {
  const convert = (operand: unknown) => (dateFields.has(field) ? asDate(operand, field) : operand)
  if (!isPlainObject(value)) return convert(value)
  const condition: Record<string, unknown> = {}
  for (const [operator, operand] of Object.entries(value)) {
    if (!fieldOperators.has(operator)) throw new BadRequest(`Invalid query operator ${operator} on ${field}`)
    if (listOperators.has(operator)) {
      if (!Array.isArray(operand)) throw new BadRequest(`${operator} on ${field} needs a list`)
      condition[operator] = operand.map(convert)
    } else {
      condition[operator] = convert(operand)
    }
  }
  return condition
}

/**
 * A Feathers query (its `$limit`, `$skip`, `$sort` and `$select` taken off) as a MongoDB filter:
 * equality, the Feathers operators, `$or` and `$and`; values of `dateFields` compared as dates.
 * Anything else is refused, so a query can never run code or regular expressions on the server.
 */
export function mongoFilter(query: Query, dateFields: ReadonlySet<string>): Filter<Document> {
  const filter: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(query)) {
    if (logicalOperators.has(key)) {
      if (!Array.isArray(value)) throw new BadRequest(`${key} needs a list of queries`)
      filter[key] = value.map((part) => mongoFilter(part as Query, dateFields))
    } else if (key.startsWith('$')) {
      throw new BadRequest(`Invalid query parameter ${key}`)
    } else {
      filter[key] = fieldCondition(key, value, dateFields)
    }
  }
  return filter as Filter<Document>
}

/** `$sort` as MongoDB's, in the same order: 1 is ascending, anything else descending. */
export function mongoSort(sort: Record<string, unknown> | undefined): Sort | undefined {
  if (!sort || !Object.keys(sort).length) return undefined
  return Object.entries(sort).map(([field, direction]): [string, 1 | -1] => [field, Number(direction) === 1 ? 1 : -1])
}

/** `$select` as a projection that always keeps the id field and never shows MongoDB's own `_id`. */
export function mongoProjection(select: unknown, idField: string): Document {
  if (!Array.isArray(select)) return { _id: 0 }
  return { ...Object.fromEntries([...new Set([idField, ...select.map(String)])].map((field) => [field, 1])), _id: 0 }
}

/** A record as stored: the values of `dateFields` become dates. */
export function storedRecord(data: Record<string, unknown>, dateFields: ReadonlySet<string>): Record<string, unknown> {
  const record: Record<string, unknown> = { ...data }
  for (const field of dateFields) if (record[field] !== undefined) record[field] = asDate(record[field], field)
  return record
}
