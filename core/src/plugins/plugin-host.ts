import type { PluginHost, TroupePlugin } from '@troupe/sdk/plugin'
import type { Application } from '../declarations.js'
import type { SchemaMigration } from '../db/migrate.js'
import { registerService } from '../services/register-service.js'
import { authenticateBearer } from '../auth/authenticate-bearer.js'
import { TenantSchemaService } from '../services/tenant-schema-service.js'
import { pagination } from '@troupe/sdk'
import { tenantSchemaName } from '../db/tenant-schema.js'
import { resumeExecution } from '../executor/resume/resume-execution.js'
import { tenantLogicFor } from '../tenant-logic/tenant-logic.js'
import { createGuardedFetch } from '../net/guarded-fetch.js'
import { toolNetworkPolicy } from '../net/outbound-policies.js'
import { pluginLifecycle } from '../executor/lifecycle/plugin-lifecycle.js'
import { outboundUrlProblem } from '../net/check-outbound-url.js'
import { redactSecrets } from '../secrets/redact-secrets.js'

/** The doors a plugin's `setup` gets: the same ones the core's own services use. */
export function createPluginHost(app: Application, plugin: TroupePlugin): PluginHost {
  const logger = app.get('logger').child({ plugin: plugin.id })
  const policy = toolNetworkPolicy(app.get('config'))
  return {
    settings: app.get('plugins').settings.get(plugin.id) ?? {},
    app: app as unknown as PluginHost['app'],
    registerService: (descriptor, service, hooks) =>
      registerService(app, { ...(descriptor as Parameters<typeof registerService>[1]), owner: plugin.id }, service, hooks),
    addTenantMigrations: (migrations) => {
      app.get('tenantMigrations').push(...(migrations as unknown as SchemaMigration[]))
    },
    tenantTable: (options) =>
      new TenantSchemaService({
        Model: app.get('knex'),
        name: options.name,
        jsonColumns: options.jsonColumns,
        paginate: options.paginate ?? { ...pagination }
      }) as never,
    tenantLog: (options) => app.get('logStore').tenantLog(options),
    addHttpRoute: (path, handler, options) => app.get('pluginRoutes').add(path, handler, options?.corsHeaders),
    authenticateBearer: (authorization, provider, request) => authenticateBearer(app, authorization, provider, request),
    watchExecution: (executionId, principal, options) =>
      app.get('watcher').watch(executionId, { ...principal, role: principal.role ?? 'viewer', tenantSchema: tenantSchemaName(principal.tenantId) }, options),
    resumeExecution: ({ principal, ...request }) =>
      resumeExecution(app, { ...request, principal: { ...principal, role: principal.role ?? 'viewer', tenantSchema: tenantSchemaName(principal.tenantId) } }),
    tenantLogic: (tenantId) => tenantLogicFor(app.get('logicPool'), tenantId),
    outboundFetch: createGuardedFetch({ policy, maxResponseBytes: 1024 * 1024 }),
    createOutboundFetch: (options) => createGuardedFetch({ maxResponseBytes: 1024 * 1024, ...options, policy }),
    checkOutboundUrl: (url) => outboundUrlProblem(url, policy),
    redactSecrets: (text, secrets) => redactSecrets(text, secrets),
    contributions: (kind) =>
      app.get('plugins').plugins.flatMap((contributor) => (contributor.contributes?.[kind] ?? []).map((contribution) => ({ plugin: contributor.id, contribution }))) as never,
    addExecutionLifecycle: (handler) => app.get('dispatcher').lifecycle.add(pluginLifecycle(plugin.id, handler, logger)),
    logger: {
      debug: (data, message) => logger.debug(data as object, message),
      info: (data, message) => logger.info(data as object, message),
      warn: (data, message) => logger.warn(data as object, message),
      error: (data, message) => logger.error(data as object, message)
    }
  }
}

/**
 * A plugin's declared personal data joins the GDPR export and erasure, each handler given the
 * plugin's settings and state. Registered after the core's, so an erasure (in reverse order)
 * calls the plugins' first, while the user's executions still name them.
 */
function addPersonalData(app: Application, plugin: TroupePlugin): void {
  const context = () => app.get('plugins').pluginContext(plugin.id)
  for (const declaration of plugin.contributes?.personalData ?? []) {
    app.get('personalData').push({
      name: declaration.name,
      export: (request) => declaration.export(request, context()),
      erase: (request) => declaration.erase(request, context())
    })
  }
}

/**
 * Runs every plugin's `setup` in load order, keeping what each returns (its state), and registers
 * their `teardown` in reverse order, each given its state.
 */
export async function setUpPlugins(app: Application): Promise<void> {
  const registry = app.get('plugins')
  const { plugins, states } = registry
  for (const plugin of plugins) {
    states.set(plugin.id, await plugin.setup?.(createPluginHost(app, plugin)))
    addPersonalData(app, plugin)
  }
  app.hooks({
    teardown: [
      async (_context: unknown, next: () => Promise<void>) => {
        await next()
        for (const plugin of [...plugins].reverse()) await plugin.teardown?.(states.get(plugin.id))
      }
    ]
  } as never)
}
