import type { RealTimeConnection } from '@feathersjs/feathers'
import { subject } from '@casl/ability'
import '@feathersjs/transport-commons'
import type { Application, HookContext, Principal } from '../declarations.js'
import { narrowerRole } from '../auth/role-rank.js'
import { joinedChannel } from './joined-channel.js'
import { defineAbility, type TroupeAbility } from '../rbac/define-ability.js'

export const tenantChannel = (tenantId: string) => `tenants/${tenantId}`
export const userChannel = (userId: string) => `users/${userId}`

type Connection = RealTimeConnection & { principal?: Principal }

/**
 * Real-time delivery: an authenticated connection joins its tenant's and its user's channel;
 * every service event goes to the tenant's connections whose ability may read that record.
 * There is no "all authenticated" channel.
 */
export function channels(app: Application) {
  const abilities = new WeakMap<Principal, TroupeAbility>()
  const abilityOf = (principal: Principal) => {
    let ability = abilities.get(principal)
    if (!ability) {
      ability = defineAbility(principal, app.get('permissions'))
      abilities.set(principal, ability)
    }
    return ability
  }

  const leaveAll = (connection: Connection) => {
    if (app.channels.length) app.channel(app.channels).leave(connection)
  }

  app.on('login', (authResult: { principal?: Principal }, { connection }: { connection?: Connection }) => {
    const principal = connection?.principal ?? authResult.principal
    if (!connection || !principal) return
    leaveAll(connection)
    app.channel(tenantChannel(principal.tenantId)).join(connection)
    app.channel(userChannel(principal.userId)).join(connection)
  })

  app.on('logout', (_result: unknown, { connection }: { connection?: Connection }) => {
    if (connection) leaveAll(connection)
  })

  // Roles are read fresh: a demotion narrows what an open connection receives at once.
  const refreshRole = (user: { id: string; role: Principal['role'] }) => {
    for (const connection of app.channel(userChannel(user.id)).connections as Connection[]) {
      const principal = connection.principal
      if (principal) connection.principal = { ...principal, role: narrowerRole(user.role, principal.apiKeyRole) }
    }
  }
  app.service('users').on('patched', refreshRole)
  app.service('users').on('updated', refreshRole)
  app.service('users').on('removed', (user: { id: string }) => {
    for (const connection of [...app.channel(userChannel(user.id)).connections]) leaveAll(connection)
  })
  app.service('api-keys').on('removed', (key: { id: string; userId: string }) => {
    for (const connection of [...app.channel(userChannel(key.userId)).connections] as Connection[]) {
      if (connection.principal?.apiKeyId === key.id) leaveAll(connection)
    }
  })

  app.publish((data: unknown, context: HookContext) => {
    const record = data as Record<string, unknown>
    const tenantId = context.params.principal?.tenantId ?? (record?.tenantId as string | undefined)
    if (!tenantId || !record || typeof record !== 'object') return undefined
    // Nobody of the tenant is connected: nothing to build (most events of a busy API instance).
    if (!joinedChannel(app, tenantChannel(tenantId))) return undefined
    // A new API key is shown once, to its creator's call: never in an event.
    const sent = context.path === 'api-keys' && 'key' in record ? (({ key: _key, ...rest }) => rest)(record) : undefined
    const channel = app.channel(tenantChannel(tenantId)).filter((connection: Connection) => {
      const principal = connection.principal
      if (!principal || principal.tenantId !== tenantId) return false
      return abilityOf(principal).can('read', subject(context.path, { ...record }))
    })
    return sent ? channel.send(sent) : channel
  })
}
