import { servicePaths, serviceMethods, usageQuerySchema, type UsageQuery, type UsageReport } from '@troupe/sdk'
import type { Application, Principal } from '../../declarations.js'
import { registerService } from '../register-service.js'

const groupColumns = {
  provider: 'provider_id',
  model: 'model',
  day: "to_char(created_at at time zone 'UTC', 'YYYY-MM-DD')"
} as const

const totals = `count(*)::int as calls,
  count(*) filter (where cached)::int as cached_calls,
  coalesce(sum(prompt_tokens), 0)::int as prompt_tokens,
  coalesce(sum(completion_tokens), 0)::int as completion_tokens,
  coalesce(sum(cost_usd), 0)::float as cost_usd`

/** `GET /api/v1/usage`: the tenant's LLM calls, tokens and cost, in total and per provider, model or day. */
export class UsageService {
  constructor(private readonly app: Application) {}

  async find(params: { principal?: Principal; query?: UsageQuery }): Promise<UsageReport> {
    const { from, to, groupBy, executionId } = params.query ?? {}
    const knex = this.app.get('knex')
    const base = () => {
      const query = knex('llmUsage').withSchema(params.principal!.tenantSchema)
      if (from) query.where('createdAt', '>=', from)
      if (to) query.where('createdAt', '<', to)
      if (executionId) query.where({ executionId })
      return query
    }
    const [total] = await base().select(knex.raw(totals))
    const data = groupBy
      ? await base()
          .select(knex.raw(`${groupColumns[groupBy]} as key, ${totals}`))
          .groupByRaw(groupColumns[groupBy])
          .orderBy('key')
      : []
    return { groupBy: groupBy ?? 'total', total, data }
  }
}

declare module '../../declarations.js' {
  interface ServiceTypes {
    usage: UsageService
  }
}

export function usage(app: Application) {
  registerService(
    app,
    {
      path: servicePaths.usage,
      methods: [...serviceMethods.usage],
      schemas: { query: usageQuerySchema },
      permissions: (_principal, { allow }) => allow('read')
    },
    new UsageService(app)
  )
}
