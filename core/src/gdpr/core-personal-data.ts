import type { PersonalDataHandler } from '@troupe/sdk/plugin'
import type { Application, Principal } from '../declarations.js'
import { userPublicColumns } from '../models/index.js'
import type { HookContext } from '../declarations.js'
import { llmProviderExternalResolver } from '../services/llm-providers/llm-providers.resolvers.js'
import { toolExternalResolver } from '../services/tools/tools.resolvers.js'

const externalResolvers: Record<string, { resolve(row: Row, context: HookContext): Promise<Row> } | undefined> = {
  tools: toolExternalResolver,
  'llm-providers': llmProviderExternalResolver
}

type Row = Record<string, unknown>

/**
 * The core's personal data: users (profile, API keys by name, never hashes), the runs a user
 * started with what their nodes took and gave and their events (from the log store), and audit
 * entries by or about a user. For a whole tenant, also what its people built (flows, tools and LLM
 * providers as the API shows them: without secrets). Erasure runs these in reverse order (see
 * `GdprEraseService`): node states and events are erased while the runs still name their user,
 * and the runs forget the user last.
 */
export function corePersonalData(app: Application): PersonalDataHandler[] {
  const knex = () => app.get('knex')
  const principalOf = (params: Record<string, unknown>) => params.principal as Principal
  const schemaOf = (params: Record<string, unknown>) => principalOf(params).tenantSchema
  const tenantOf = (params: Record<string, unknown>) => principalOf(params).tenantId
  // As the API shows them, with the caller's rights. An internal call gets the stored rows (the
  // external version only goes to transports), so the services' external resolvers run here.
  const apiView = async (path: 'flows' | 'tools' | 'llm-providers', params: Record<string, unknown>) => {
    const rows = (await app.service(path).find({ ...params, query: {}, paginate: false } as never)) as unknown as Row[]
    const resolver = externalResolvers[path]
    return resolver ? Promise.all(rows.map((row) => resolver.resolve(row, { app } as HookContext))) : rows
  }

  // The runs a user started; all the tenant's runs without `userId`.
  const startedRuns = (params: Record<string, unknown>, userId?: string) =>
    knex()('executions').withSchema(schemaOf(params)).where(userId ? { startedBy: userId } : {}).select('id')
  const startedRunIds = async (params: Record<string, unknown>, userId?: string) => (await startedRuns(params, userId).pluck('id')) as string[]

  return [
    {
      name: 'profile',
      export: async ({ params, userId }) => {
        const query = knex()('users').withSchema('public').select(userPublicColumns).where({ tenantId: tenantOf(params) })
        return userId ? query.andWhere({ id: userId }).first() : query
      },
      // The user row itself goes last, in the erasure service.
      erase: async () => undefined
    },
    {
      name: 'apiKeys',
      export: async ({ params, userId }) =>
        knex()('apiKeys')
          .withSchema('public')
          .select('id', 'userId', 'name', 'prefix', 'role', 'createdAt', 'lastUsedAt', 'expiresAt')
          .where({ tenantId: tenantOf(params), ...(userId ? { userId } : {}) }),
      // Deleted by the erasure service before anything else, with the sessions: the lock-out.
      erase: async () => undefined
    },
    {
      name: 'executions',
      export: async ({ params, userId }) => knex()('executions').withSchema(schemaOf(params)).where(userId ? { startedBy: userId } : {}).orderBy('createdAt'),
      // Runs are the tenant's records (counts, costs, timings); who started them is forgotten, and
      // what they were given, gave back and failed with (an error may quote the input) with it.
      erase: async ({ params, userId }) => app.get('executionStore').erasePersonalData(schemaOf(params), userId!)
    },
    {
      name: 'executionNodes',
      export: async ({ params, userId }) =>
        knex()('executionNodes').withSchema(schemaOf(params)).whereIn('executionId', startedRuns(params, userId)).orderBy(['executionId', 'startedAt']),
      erase: async ({ params, userId }) => app.get('executionStore').eraseNodeData(schemaOf(params), userId)
    },
    {
      name: 'executionEvents',
      export: async ({ params, userId }) => app.get('logStore').executionEvents.ofExecutions(tenantOf(params), await startedRunIds(params, userId)),
      // What the runs did (their outputs, streamed tokens) goes with their data.
      erase: async ({ params, userId }) => app.get('logStore').executionEvents.removeExecutions(tenantOf(params), await startedRunIds(params, userId))
    },
    {
      name: 'auditEntries',
      export: async ({ params, userId }) => {
        const query = knex()('auditLogs').withSchema(schemaOf(params)).orderBy('at')
        return userId ? query.where({ actorUserId: userId }).orWhere({ recordId: userId }) : query
      },
      // The trail stays (who did what matters to the tenant) but no longer says from where.
      erase: async ({ params, userId }) => {
        await knex()('auditLogs').withSchema(schemaOf(params)).where({ actorUserId: userId }).orWhere({ recordId: userId }).update({ ip: null })
      }
    },
    {
      name: 'flows',
      export: async ({ params, userId }) => (userId ? undefined : apiView('flows', params)),
      erase: async () => undefined
    },
    {
      name: 'tools',
      export: async ({ params, userId }) => (userId ? undefined : apiView('tools', params)),
      erase: async () => undefined
    },
    {
      name: 'llmProviders',
      export: async ({ params, userId }) => (userId ? undefined : apiView('llm-providers', params)),
      erase: async () => undefined
    }
  ]
}
