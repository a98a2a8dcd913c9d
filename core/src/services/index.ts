import type { Application } from '../declarations.js'
import { apiKeys } from './api-keys/api-keys.js'
import { flows } from './flows/flows.js'
import { flowVersions } from './flow-versions/flow-versions.js'
import { llmProviders } from './llm-providers/llm-providers.js'
import { providerTests } from './llm-providers/provider-tests.js'
import { nodeTypes } from './node-types/node-types.js'
import { nodeTypePreviews } from './node-types/node-type-previews.js'
import { llmProviderKinds } from './llm-provider-kinds/llm-provider-kinds.js'
import { plugins } from './plugins/plugins.js'
import { usage } from './usage/usage.js'
import { dashboard } from './dashboard/dashboard.js'
import { executions } from './executions/executions.js'
import { executionReruns } from './executions/execution-reruns.js'
import { executionEvents } from './execution-events/execution-events.js'
import { executionSubscriptions } from './execution-events/execution-subscriptions.js'
import { webhooks } from './hooks/webhooks.js'
import { signup } from './signup/signup.js'
import { users } from './users/users.js'
import { invitations } from './invitations/invitations.js'
import { invitationAcceptances } from './invitations/invitation-acceptances.js'
import { passwordResets } from './password-resets/password-resets.js'
import { emailVerifications } from './email-verifications/email-verifications.js'
import { tools } from './tools/tools.js'
import { toolTests } from './tools/tool-tests.js'
import { auditLogs } from './audit-logs/audit-logs.js'
import { gdprExport } from '../gdpr/gdpr-export.js'
import { gdprErase } from '../gdpr/gdpr-erase.js'
import { tenants } from './tenants/tenants.js'
import { ssoSettings } from './sso-settings/sso-settings.js'
import { ssoOptions } from './sso-options/sso-options.js'

/** The core's own services; plugins add theirs through the plugin host. */
export function services(app: Application) {
  app.configure(users)
  app.configure(signup)
  app.configure(invitations)
  app.configure(invitationAcceptances)
  app.configure(passwordResets)
  app.configure(emailVerifications)
  app.configure(apiKeys)
  app.configure(flows)
  app.configure(flowVersions)
  app.configure(plugins)
  app.configure(nodeTypes)
  app.configure(llmProviderKinds)
  app.configure(nodeTypePreviews)
  app.configure(llmProviders)
  app.configure(providerTests)
  app.configure(usage)
  app.configure(dashboard)
  app.configure(executions)
  app.configure(executionReruns)
  app.configure(executionEvents)
  app.configure(executionSubscriptions)
  app.configure(webhooks)
  app.configure(tools)
  app.configure(toolTests)
  app.configure(auditLogs)
  app.configure(gdprExport)
  app.configure(gdprErase)
  app.configure(tenants)
  app.configure(ssoSettings)
  app.configure(ssoOptions)
}
