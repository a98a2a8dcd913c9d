import type { NodeType, TriggerContext, TriggerType } from '@troupe/sdk/plugin'
import { nextFireTimes, scheduleOf, scheduleProblems } from './schedule.js'
import { scheduleParamsSchema, type ScheduleParams } from './schedule-params.js'

/** Longest a timer may be set for in Node; a farther tick is reached in steps. */
const maxTimerMs = 2 ** 31 - 1

/** The node in the flow: a trigger that passes on what its tick carried. */
export const scheduleNode: NodeType<ScheduleParams> = {
  type: 'trigger.schedule',
  displayName: 'Schedule',
  description: 'Starts the flow on a cron expression in a time zone, or every N seconds; once per tick however many instances run.',
  category: 'Triggers',
  params: scheduleParamsSchema,
  inputs: [],
  outputs: [{ name: 'main' }],
  trigger: true,
  idempotent: true,
  checkParams: (params) => scheduleProblems(params),
  preview: (params) => ({ title: 'Next fire times', items: nextFireTimes(params, 5).map((time) => time.toISOString()) }),
  async execute({ executionInput }) {
    return { output: executionInput }
  }
}

/**
 * Fires a tick: an execution keyed by its scheduled time, so of all the instances whose timers
 * fire, one starts it. Over the tenant's concurrency quota the tick is logged and skipped.
 */
function fire(context: TriggerContext<ScheduleParams>, scheduledFor: Date): void {
  const key = scheduledFor.toISOString()
  context
    .startExecution({ key, input: { ...(context.params.input ?? {}), scheduledFor: key, firedAt: new Date().toISOString() } })
    .catch((error: Error) => context.logger.warn({ scheduledFor: key, error: error.message }, 'a scheduled tick could not start the flow'))
}

/**
 * The lifecycle of `trigger.schedule` on every API instance: a timer to the next tick, fired with
 * the tick as key, then the one after. With `missed: run-once`, a start that finds a tick missed
 * since the last firing (or since the node was saved) fires the first missed one once.
 */
export const scheduleTrigger: TriggerType<ScheduleParams> = {
  type: 'trigger.schedule',
  start(context) {
    const schedule = scheduleOf(context.params)
    if (context.params.missed === 'run-once') {
      const lastFiredAt = context.lastFiring ? new Date(context.lastFiring.firedAt).getTime() : 0
      const reference = new Date(Math.max(lastFiredAt, new Date(context.savedAt).getTime()))
      const missed = schedule.next(reference)
      if (missed && missed.getTime() <= Date.now()) fire(context, missed)
    }
    let timer: NodeJS.Timeout | undefined
    const arm = (after: Date) => {
      const next = schedule.next(after)
      if (!next || context.signal.aborted) return
      timer = setTimeout(() => {
        if (Date.now() < next.getTime()) return arm(after)
        fire(context, next)
        arm(next)
      }, Math.min(Math.max(0, next.getTime() - Date.now()), maxTimerMs))
      timer.unref()
    }
    arm(new Date())
    return { stop: () => clearTimeout(timer) }
  }
}
