import { clip, serializeLoggedError } from '../../serialize-logged-error.js'
import { formatBytes } from './json-size.js'

/**
 * An execution's progress could not be stored, for a reason that trying again would not fix (its
 * data is too large, cannot be written as JSON, or is refused by the database). The run stops and
 * the execution fails with this message, written with a small write of its own; retrying it, as
 * after a lost connection, would fail the same way on every runner that takes it over.
 */
export class UnstorableProgressError extends Error {
  constructor(reason: string, options?: { cause?: unknown }) {
    super(`Could not store the execution's progress: ${reason}`, options)
    this.name = 'UnstorableProgressError'
  }

  /** An execution whose history grew past what one execution may store: refused before the write that passes it. */
  static executionTooLarge(bytes: number, maxBytes: number): UnstorableProgressError {
    return new UnstorableProgressError(
      `the execution's inputs, outputs and events reached about ${formatBytes(bytes)}, more than the ${formatBytes(maxBytes)} one execution may store`
    )
  }

  /** Changes estimated larger than one write may carry: refused before anything is serialized. */
  static tooLarge(bytes: number, maxBytes: number): UnstorableProgressError {
    return new UnstorableProgressError(
      `the nodes that finished together produced about ${formatBytes(bytes)} of inputs, outputs and events, more than the ${formatBytes(maxBytes)} one write may hold`
    )
  }
}

/** The driver's own words: knex puts the statement before them (`<sql> - <message>`). */
function driverMessage(error: { message?: unknown }): string {
  const message = String(error.message ?? '')
  const separator = message.lastIndexOf(' - ')
  return clip((separator === -1 ? message : message.slice(separator + 3)).split('\n')[0], 120)
}

function reasonOf(error: unknown): string | undefined {
  if (error instanceof RangeError) {
    return /call stack/i.test(error.message) ? 'a value is nested too deeply to be written' : `the changes are too large to be written (${driverMessage(error)})`
  }
  // JSON.stringify's refusals: a value that contains itself, a BigInt.
  if (error instanceof TypeError) return `a value cannot be written as JSON (${driverMessage(error)})`
  const code = (error as { code?: unknown } | null)?.code
  if (typeof code !== 'string' || !/^[0-9A-Z]{5}$/.test(code)) return undefined
  const message = driverMessage(error as { message?: unknown })
  if (code === '53200') return `the database ran out of memory (${code})`
  // program_limit_exceeded and its kin: a value or a statement larger than PostgreSQL takes.
  if (code.startsWith('54') || /invalid memory alloc request size/.test(message)) return `a value is larger than the database can hold (${code}: ${message})`
  // Data exceptions: a value PostgreSQL refuses (an escape it cannot store, a number out of range...).
  if (code.startsWith('22')) return `the database refused a value (${code}: ${message})`
  return undefined
}

/**
 * `error` as an `UnstorableProgressError` when it means the execution's progress can never be
 * stored (serialization failures, values too large, PostgreSQL's out of memory, program limit and
 * data exceptions); `undefined` for anything a later attempt may get past (a lost connection or
 * lease, a deadlock, a server restarting), which leaves the execution to the runner that takes it
 * over.
 */
export function asUnstorableProgress(error: unknown): UnstorableProgressError | undefined {
  if (error instanceof UnstorableProgressError) return error
  const reason = reasonOf(error)
  // The cause is kept as it would be logged: the driver's error may hold the whole batch (PGlite's `params`).
  return reason === undefined ? undefined : new UnstorableProgressError(reason, { cause: serializeLoggedError(error) })
}
