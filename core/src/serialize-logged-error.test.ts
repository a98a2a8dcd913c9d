import { describe, expect, it } from 'vitest'
import { createLogger } from './logger.js'
import { clip, serializeLoggedError } from './serialize-logged-error.js'

/** What a logger writes for `log`, one parsed line each. */
function logged(log: (logger: ReturnType<typeof createLogger>) => void): { lines: Array<Record<string, any>>; text: string } {
  const written: string[] = []
  log(createLogger('debug', { write: (line: string) => void written.push(line) }))
  return { lines: written.map((line) => JSON.parse(line)), text: written.join('') }
}

const marker = 'PARAMETER-VALUE-'

describe('serializeLoggedError', () => {
  it('drops the parameters PGlite and knex hang on a database error, keeping the statement, code and message', () => {
    const error = Object.assign(new Error('value too long for type character varying(20)'), {
      code: '22001',
      severity: 'ERROR',
      routine: 'varchar',
      detail: `Failing row contains (${marker}1)`,
      where: `JSON data, line 1: ${marker}2`,
      query: 'insert into t (a) values ($1)',
      params: [marker.repeat(100_000)],
      bindings: [marker],
      queryOptions: { marker }
    })
    const { lines, text } = logged((logger) => logger.error({ err: error }, 'write failed'))
    expect(text).not.toContain(marker)
    expect(lines[0].err).toMatchObject({
      type: 'Error',
      message: 'value too long for type character varying(20)',
      code: '22001',
      severity: 'ERROR',
      routine: 'varchar',
      statement: 'insert into t (a) values ($1)'
    })
    expect(lines[0].err.stack).toMatch(/^Error: value too long[^\n]*\n {4}at /)
  })

  it('clips a huge message, in the stack too, and a huge statement', () => {
    const error = new Error(`${'x'.repeat(5_000_000)} - out of memory`)
    Object.assign(error, { sql: `select ${'1, '.repeat(1_000_000)}1` })
    const { lines, text } = logged((logger) => logger.error(error, 'failed'))
    expect(text.length).toBeLessThan(20_000)
    expect(lines[0].err.message).toMatch(/characters cut.* - out of memory$/)
    expect(lines[0].err.statement.length).toBeLessThanOrEqual(4_096)
    expect(lines[0].err.stack.length).toBeLessThanOrEqual(8_000)
  })

  it('covers errors logged under `error` too, causes, and non-Error values', () => {
    const cause = Object.assign(new Error('inner'), { bindings: [marker] })
    const { lines, text } = logged((logger) => {
      logger.warn({ error: new Error('outer', { cause }) }, 'a')
      logger.error({ err: 'y'.repeat(1_000_000) }, 'b')
      logger.error({ err: { message: 'plain', params: [marker], config: { headers: { authorization: marker } } } }, 'c')
    })
    expect(text).not.toContain(marker)
    expect(lines[0].error).toMatchObject({ message: 'outer', cause: { message: 'inner' } })
    expect(lines[1].err.length).toBeLessThanOrEqual(2_000)
    expect(lines[2].err).toEqual({ type: 'Object', message: 'plain' })
  })

  it('keeps short descriptive fields and leaves nested data out', () => {
    const error = Object.assign(new Error('refused'), { errno: -111, syscall: 'connect', address: '10.0.0.1', long: 'z'.repeat(1000), nested: { marker } })
    expect(serializeLoggedError(error)).toMatchObject({ errno: -111, syscall: 'connect', address: '10.0.0.1', long: expect.stringMatching(/characters cut/) })
    expect(JSON.stringify(serializeLoggedError(error))).not.toContain(marker)
  })
})

describe('clip', () => {
  it('keeps short text and cuts the middle of long text', () => {
    expect(clip('short', 10)).toBe('short')
    const clipped = clip(`head${'-'.repeat(1000)}tail`, 100)
    expect(clipped.length).toBeLessThanOrEqual(100)
    expect(clipped).toMatch(/^head.*characters cut.*tail$/)
  })
})
