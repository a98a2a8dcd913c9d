import type { SchemaMigration } from '../src/db/migrate.js'
import * as identity from './control/0001-identity.js'
import * as webhookRoutes from './control/0002-webhook-routes.js'
import * as tenantLimits from './control/0003-tenant-limits.js'
import * as webhookHardening from './control/0004-webhook-hardening.js'
import * as activeExecutions from './control/0005-active-executions.js'
import * as historyRetention from './control/0006-history-retention.js'
import * as executionWakeups from './control/0007-execution-wakeups.js'
import * as flowTriggers from './control/0008-flow-triggers.js'
import * as emailTokens from './control/0009-email-tokens.js'
import * as tenantSso from './control/0010-tenant-sso.js'
import * as emailVerification from './control/0011-email-verification.js'
import * as flows from './tenant/0001-flows.js'
import * as llm from './tenant/0002-llm.js'
import * as executions from './tenant/0003-executions.js'
import * as tools from './tenant/0004-tools.js'
import * as crewExecutions from './tenant/0005-crew-executions.js'
import * as auditLog from './tenant/0006-audit-log.js'
import * as executionLogKeys from './tenant/0007-execution-log-keys.js'
import * as executionTakeovers from './tenant/0008-execution-takeovers.js'
import * as secretDestinations from './tenant/0009-secret-destinations.js'
import * as executionHistoryIndex from './tenant/0010-execution-history-index.js'
import * as executionWaits from './tenant/0011-execution-waits.js'
import * as nodeTypeVersions from './tenant/0012-node-type-versions.js'
import * as pluginKinds from './tenant/0013-plugin-kinds.js'
import * as errorFlows from './tenant/0014-error-flows.js'
import * as subExecutions from './tenant/0015-sub-executions.js'
import * as executionReruns from './tenant/0016-execution-reruns.js'
import * as flowActive from './tenant/0017-flow-active.js'
import * as executionEntries from './tenant/0018-execution-entries.js'
import * as notesAndPinnedData from './tenant/0019-notes-and-pinned-data.js'
import * as toolKindSettings from './tenant/0020-tool-kind-settings.js'

/** Migrations of the control schema `public`, in order. */
export const controlMigrations: SchemaMigration[] = [
  { name: '0001-identity', ...identity },
  { name: '0002-webhook-routes', ...webhookRoutes },
  { name: '0003-tenant-limits', ...tenantLimits },
  { name: '0004-webhook-hardening', ...webhookHardening },
  { name: '0005-active-executions', ...activeExecutions },
  { name: '0006-history-retention', ...historyRetention },
  { name: '0007-execution-wakeups', ...executionWakeups },
  { name: '0008-flow-triggers', ...flowTriggers },
  { name: '0009-email-tokens', ...emailTokens },
  { name: '0010-tenant-sso', ...tenantSso },
  { name: '0011-email-verification', ...emailVerification }
]

/** Migrations of every tenant schema, in order. Plugins append their own through the registry. */
export const tenantMigrations: SchemaMigration[] = [
  { name: '0001-flows', ...flows },
  { name: '0002-llm', ...llm },
  { name: '0003-executions', ...executions },
  { name: '0004-tools', ...tools },
  { name: '0005-crew-executions', ...crewExecutions },
  { name: '0006-audit-log', ...auditLog },
  { name: '0007-execution-log-keys', ...executionLogKeys },
  { name: '0008-execution-takeovers', ...executionTakeovers },
  { name: '0009-secret-destinations', ...secretDestinations },
  { name: '0010-execution-history-index', ...executionHistoryIndex },
  { name: '0011-execution-waits', ...executionWaits },
  { name: '0012-node-type-versions', ...nodeTypeVersions },
  { name: '0013-plugin-kinds', ...pluginKinds },
  { name: '0014-error-flows', ...errorFlows },
  { name: '0015-sub-executions', ...subExecutions },
  { name: '0016-execution-reruns', ...executionReruns },
  { name: '0017-flow-active', ...flowActive },
  { name: '0018-execution-entries', ...executionEntries },
  { name: '0019-notes-and-pinned-data', ...notesAndPinnedData },
  { name: '0020-tool-kind-settings', ...toolKindSettings }
]
