import { GeneralError } from '@feathersjs/errors'
import type { Logger } from 'pino'
import type { Server } from 'socket.io'

type Acknowledgement = (error: unknown, ...results: unknown[]) => void

const publicFields = ['name', 'message', 'code', 'className', 'data', 'errors'] as const

/**
 * An error as a Socket.IO client may see it. Feathers answers a call's error with every own
 * property of the error (its `stack` too, outside production) when it is not a Feathers error,
 * as for a failure before the service's hooks ran. A Feathers error keeps its public fields;
 * anything else is logged and answered as a bare 500, as the REST error middleware does.
 */
export function publicSocketError(error: unknown, logger: Logger): Record<string, unknown> {
  const fields = (error ?? {}) as Record<string, unknown>
  if (typeof fields.className === 'string' && typeof fields.code === 'number') {
    return Object.fromEntries(publicFields.filter((field) => fields[field] !== undefined).map((field) => [field, fields[field]]))
  }
  logger.error({ err: fields }, 'socket call failed')
  return { ...new GeneralError('Internal server error').toJSON() }
}

/** Every acknowledgement a client gets carries only a public error (see `publicSocketError`). */
export function cleanSocketErrors(io: Server, logger: Logger): void {
  io.on('connection', (socket) => {
    socket.use((packet, next) => {
      const last = packet.length - 1
      const acknowledge = packet[last] as Acknowledgement | undefined
      if (typeof acknowledge === 'function') {
        packet[last] = (error: unknown, ...results: unknown[]) => acknowledge(error ? publicSocketError(error, logger) : error, ...results)
      }
      next()
    })
  })
}
