import type { RealTimeConnection } from '@feathersjs/feathers'
import { subject } from '@casl/ability'
import '@feathersjs/transport-commons'
import type { Application, HookContext, Principal } from '../declarations.js'
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

  // An authenticated connection is a live session: when its user, session or key changes, it is
  // narrowed to its new role at once (events are filtered by `connection.principal`) or closed.
  const untrack = new WeakMap<Connection, () => void>()
  const track = (connection: Connection, principal: Principal) => {
    untrack.get(connection)?.()
    untrack.set(
      connection,
      app.get('liveSessions').add({
        get principal() {
          return connection.principal ?? principal
        },
        changed: (next) => {
          connection.principal = next
        },
        end: () => {
          untrack.delete(connection)
          leaveAll(connection)
          // How Feathers itself ends a connection whose token expired: the transport disconnects it.
          app.emit('disconnect', connection)
        }
      })
    )
  }
  const forget = (connection: Connection) => {
    untrack.get(connection)?.()
    untrack.delete(connection)
  }

  app.on('login', (authResult: { principal?: Principal }, { connection }: { connection?: Connection }) => {
    const principal = connection?.principal ?? authResult.principal
    if (!connection || !principal) return
    leaveAll(connection)
    app.channel(tenantChannel(principal.tenantId)).join(connection)
    app.channel(userChannel(principal.userId)).join(connection)
    track(connection, principal)
  })

  app.on('logout', (_result: unknown, { connection }: { connection?: Connection }) => {
    if (!connection) return
    forget(connection)
    leaveAll(connection)
  })
  app.on('disconnect', (connection: Connection) => forget(connection))

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
