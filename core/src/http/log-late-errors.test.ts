import { EventEmitter } from 'node:events'
import pino from 'pino'
import { describe, expect, it } from 'vitest'
import type { Application } from '../declarations.js'
import { logLateErrors } from './log-late-errors.js'

describe('logLateErrors', () => {
  it('logs a client that went away at debug, and anything else as an error', () => {
    const lines: Array<{ level: number; msg: string }> = []
    const logger = pino({ level: 'debug' }, { write: (line: string) => void lines.push(JSON.parse(line)) })
    const app = new EventEmitter()
    logLateErrors(app as unknown as Application, logger)
    app.emit('error', Object.assign(new Error('Premature close'), { code: 'ERR_STREAM_PREMATURE_CLOSE' }))
    app.emit('error', Object.assign(new Error('Request timeout'), { code: 'ERR_HTTP_REQUEST_TIMEOUT' }))
    app.emit('error', new TypeError('a bug'))
    expect(lines.map(({ level, msg }) => [level, msg])).toEqual([
      [20, 'client went away'],
      [20, 'client went away'],
      [50, 'response failed']
    ])
  })
})
