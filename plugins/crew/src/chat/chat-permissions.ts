import type { PluginHost } from '@troupe/sdk/plugin'

type Permissions = NonNullable<Parameters<PluginHost['registerService']>[0]['permissions']>

/**
 * Conversations are personal: admins see every session and message of their tenant; members
 * see, write and stop their own; viewers only read their own (chatting runs executions, which
 * viewers may not start).
 */
export const chatPermissions: Permissions = (principal, { allow }) => {
  if (principal.role === 'admin') {
    allow(['read', 'create', 'update', 'delete'])
    return
  }
  const own = { where: { userId: principal.userId } }
  allow('read', own)
  if (principal.role === 'member') {
    allow('create')
    allow(['update', 'delete'], own)
  }
}
