import type { TenantTableService } from '@troupe/sdk/plugin'
import { anyWordQuery } from '../memory/search-terms.js'

export interface CrewMemoryRecord {
  id: string
  crewId: string
  summary: string
  /** The run it summarises; null for memories stored before runs were recorded. */
  executionId: string | null
  createdAt: string
}

/** The only filters `crew-memories` takes: anything else is a 400, as on every service. */
export const crewMemoryQuerySchema = {
  type: 'object',
  properties: {
    crewId: { type: 'string', format: 'uuid' },
    $search: { type: 'string', maxLength: 2000 },
    $limit: { type: 'integer', minimum: 1 }
  },
  additionalProperties: false
}

interface MemoryQuery {
  crewId?: string
  /** Words to rank by; without it, the most recent first. */
  $search?: string
  $limit?: number | string
}

const maxLimit = 50
const columns = ['id', 'crewId', 'summary', 'executionId', 'createdAt']

/**
 * Long-term memory of crews: summaries of past runs, found again by full-text relevance
 * (`to_tsvector('simple', summary)` with a GIN index) within one crew of the caller's tenant.
 */
export class CrewMemoriesService {
  constructor(private readonly table: TenantTableService<CrewMemoryRecord>) {}

  async find(params: { query?: MemoryQuery } & Record<string, unknown> = {}): Promise<CrewMemoryRecord[]> {
    const { crewId, $search, $limit } = params.query ?? {}
    const limit = Math.min(Math.max(Number($limit) || 10, 1), maxLimit)
    let query = this.table.db(params).select(columns).limit(limit)
    if (crewId) query = query.where('crewId', crewId)
    const terms = $search ? anyWordQuery($search) : undefined
    if (terms) {
      query = query
        .whereRaw("search @@ to_tsquery('simple', ?)", [terms])
        .orderByRaw("ts_rank(search, to_tsquery('simple', ?)) desc", [terms])
    }
    return (await query.orderBy('createdAt', 'desc')) as CrewMemoryRecord[]
  }

  /** Internal only (the runtime, through the records client): not a method clients may call. */
  async create(data: { crewId: string; summary: string; executionId?: string }, params: Record<string, unknown> = {}): Promise<CrewMemoryRecord> {
    return this.table._create({ crewId: data.crewId, summary: data.summary.slice(0, 4000), executionId: data.executionId ?? null }, params)
  }
}
