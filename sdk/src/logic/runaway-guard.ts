import type jsonata from 'jsonata'
import { setImmediate as nextTurn } from 'node:timers/promises'

export interface GuardLimits {
  /** Budget of one evaluation, in milliseconds of `clock`. */
  timeoutMs: number
  /**
   * `wall` (the default) counts elapsed time; `cpu` counts the process's CPU time, so that an
   * evaluation in a process starved of CPU by others is not stopped for their sake.
   */
  clock?: 'wall' | 'cpu'
  /** Deepest nesting of evaluation steps, which is what runaway recursion grows. */
  maxDepth: number
  signal: AbortSignal
}

// JSONata 2 looks its hooks up by these symbols; the `'__evaluate_entry'` names of the 1.x docs
// are ignored by it, and its typings only know string names, hence the casts below.
const entryHook = Symbol.for('jsonata.__evaluate_entry') as unknown as string
const exitHook = Symbol.for('jsonata.__evaluate_exit') as unknown as string

// Every step is awaited yet never waits, so an evaluation would hold the event loop until it
// ends: no timer, no I/O, no abort. Yielding this often lets them happen.
const yieldEveryMs = 20

interface Frame {
  isParallelCall?: boolean
}

function abortError(signal: AbortSignal): Error {
  const error = new Error('The expression was aborted', { cause: signal.reason })
  error.name = 'AbortError'
  return error
}

/**
 * Installs JSONata's evaluation hooks on `expression` (the documented timebox pattern), so that
 * one evaluation fails once it runs past `timeoutMs`, nests deeper than `maxDepth` or `signal`
 * aborts. Returns a function naming the reason the guard stopped the evaluation, if it did:
 * JSONata rewraps errors thrown inside `$eval`, so the error that reaches the caller may hide it.
 *
 * Depth: JSONata evaluates array items and object groups concurrently, flagging each sibling but
 * the first with `isParallelCall` on a shared frame. Counting every pending step would make 2,000
 * groups look 4,000 levels deep, and skipping flagged steps on entry and exit alike leaks depth,
 * since the flag may have changed by the time a step exits. So steps count only while no flagged
 * sibling is pending, and an exit undoes an entry of the same node. Recursion inside a concurrent
 * section is therefore left to the time limit.
 */
export function guardEvaluation(expression: jsonata.Expression, { timeoutMs, maxDepth, signal, clock = 'wall' }: GuardLimits): () => Error | undefined {
  const started = Date.now()
  const cpuAtStart = clock === 'cpu' ? process.cpuUsage() : undefined
  // CPU time never runs ahead of elapsed time in one thread, so it is only read once that has run out.
  const overBudget = (elapsed: number) => {
    if (elapsed <= timeoutMs) return false
    if (!cpuAtStart) return true
    const used = process.cpuUsage(cpuAtStart)
    return (used.user + used.system) / 1000 > timeoutMs
  }
  let lastYield = started
  let depth = 0
  let parallel = 0
  let failure: Error | undefined
  const open = new Map<object, { nested: number; parallel: number }>()

  const stop = (error: Error): never => {
    failure = error
    throw error
  }

  expression.assign(entryHook, (node: object, _input: unknown, frame: Frame) => {
    if (signal.aborted) stop(abortError(signal))
    const now = Date.now()
    if (overBudget(now - started)) stop(new Error(`Expression took longer than ${timeoutMs} ms`))
    if (frame.isParallelCall || parallel === 0) {
      const slot = open.get(node) ?? { nested: 0, parallel: 0 }
      open.set(node, slot)
      if (frame.isParallelCall) {
        slot.parallel++
        parallel++
      } else {
        slot.nested++
        if (++depth > maxDepth) stop(new Error(`Expression nested deeper than ${maxDepth} levels: runaway recursion?`))
      }
    }
    if (now - lastYield < yieldEveryMs) return undefined
    lastYield = now
    return nextTurn()
  })

  expression.assign(exitHook, (node: object) => {
    const slot = open.get(node)
    if (!slot) return
    if (slot.parallel > 0) {
      slot.parallel--
      parallel--
    } else {
      slot.nested--
      depth--
    }
    if (slot.parallel === 0 && slot.nested === 0) open.delete(node)
  })

  return () => failure
}
