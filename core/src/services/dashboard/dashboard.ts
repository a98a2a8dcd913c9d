import { dashboardQuerySchema, servicePaths, serviceMethods, type DashboardDay, type DashboardQuery, type DashboardSummary, type Execution } from '@troupe/sdk'
import type { Application, Principal } from '../../declarations.js'
import { registerService } from '../register-service.js'

const defaultDays = 14
const recentCount = 8
const day = "to_char(created_at at time zone 'UTC', 'YYYY-MM-DD')"

/** The `count` days (UTC, `YYYY-MM-DD`) ending today, oldest first. */
function lastDays(count: number, now: Date): string[] {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate())
  return Array.from({ length: count }, (_, index) => new Date(today - (count - 1 - index) * 86_400_000).toISOString().slice(0, 10))
}

/**
 * `GET /api/v1/dashboard`: what the workspace's dashboard shows, in one call instead of a dozen
 * (it paged through every execution of two weeks): counts, the latest runs, how each day's runs
 * ended, and LLM spend per day. Counted in the database, in the caller's tenant schema; the
 * latest runs and the spend come through the executions and usage services, as the caller may
 * read them.
 */
export class DashboardService {
  constructor(private readonly app: Application) {}

  async find(params: { principal?: Principal; query?: DashboardQuery }): Promise<DashboardSummary> {
    const principal = params.principal!
    const days = lastDays(params.query?.days ?? defaultDays, new Date())
    const from = `${days[0]}T00:00:00.000Z`
    const knex = this.app.get('knex')
    const table = (name: string) => knex(name).withSchema(principal.tenantSchema)
    const internal = { principal }
    const [[flows], [tools], [executions], byDay, latest, spend] = await Promise.all([
      table('flows').count({ n: '*' }),
      table('tools').count({ n: '*' }),
      table('executions').select(
        knex.raw('count(*)::int as total'),
        knex.raw("count(*) filter (where status in ('queued', 'running'))::int as running")
      ),
      table('executions')
        .where('createdAt', '>=', from)
        .select(
          knex.raw(`${day} as day`),
          knex.raw("count(*) filter (where status = 'succeeded')::int as succeeded"),
          knex.raw("count(*) filter (where status = 'failed')::int as failed"),
          knex.raw("count(*) filter (where status = 'cancelled')::int as cancelled")
        )
        .groupByRaw(day) as Promise<DashboardDay[]>,
      this.app.service('executions').find({ ...internal, query: { $limit: recentCount, $sort: { createdAt: -1 } } }) as Promise<{ data: Execution[] }>,
      this.app.service('usage').find({ ...internal, query: { groupBy: 'day', from } })
    ])
    const recent = latest.data
    const flowIds = [...new Set(recent.map((run) => run.flowId).filter((id): id is string => typeof id === 'string'))]
    const names = flowIds.length ? ((await table('flows').whereIn('id', flowIds).select('id', 'name')) as Array<{ id: string; name: string }>) : []
    const counted = new Map(byDay.map((row) => [row.day, row]))
    return {
      counts: { flows: Number(flows.n), executions: Number(executions.total), tools: Number(tools.n), running: Number(executions.running) },
      recent,
      flowNames: Object.fromEntries(names.map(({ id, name }) => [id, name])),
      outcomes: days.map((date) => {
        const row = counted.get(date)
        return { day: date, succeeded: row?.succeeded ?? 0, failed: row?.failed ?? 0, cancelled: row?.cancelled ?? 0 }
      }),
      spend: spend.data,
      spendTotal: spend.total
    }
  }
}

declare module '../../declarations.js' {
  interface ServiceTypes {
    dashboard: DashboardService
  }
}

/** Everyone of the tenant reads its dashboard (viewers too, as they read executions and usage). */
export function dashboard(app: Application) {
  registerService(
    app,
    {
      path: servicePaths.dashboard,
      methods: [...serviceMethods.dashboard],
      schemas: { query: dashboardQuerySchema },
      permissions: (_principal, { allow }) => allow('read')
    },
    new DashboardService(app)
  )
}
