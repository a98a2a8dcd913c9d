import { Cron } from 'croner'
import type { FieldError } from '@troupe/sdk/plugin'
import type { ScheduleParams } from './schedule-params.js'

/** When a schedule fires next, strictly after a moment; `null` when it never will again. */
export interface Schedule {
  next(after: Date): Date | null
}

function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name })
    return true
  } catch {
    return false
  }
}

/** What is wrong with a schedule's params beyond their JSON Schema: which fields, and why. */
export function scheduleProblems(params: ScheduleParams): FieldError[] {
  const hasCron = params.cron !== undefined && params.cron.trim() !== ''
  const hasInterval = params.intervalSeconds !== undefined
  if (hasCron === hasInterval) return [{ field: hasCron ? 'intervalSeconds' : 'cron', message: hasCron ? 'cannot be set together with cron: choose one' : 'or intervalSeconds is required' }]
  if (params.timezone !== undefined && !isTimeZone(params.timezone)) return [{ field: 'timezone', message: `"${params.timezone}" is not an IANA time zone` }]
  if (hasInterval) return []
  const fields = params.cron!.trim().split(/\s+/).length
  if (fields !== 5 && fields !== 6) return [{ field: 'cron', message: `must have 5 or 6 fields, not ${fields}` }]
  try {
    const cron = new Cron(params.cron!.trim(), { timezone: params.timezone ?? 'UTC', paused: true })
    if (!cron.nextRun()) return [{ field: 'cron', message: 'never fires' }]
  } catch (error) {
    return [{ field: 'cron', message: (error as Error).message }]
  }
  return []
}

/** The schedule valid params describe (check them with `scheduleProblems` first). */
export function scheduleOf(params: ScheduleParams): Schedule {
  if (params.intervalSeconds !== undefined) {
    const intervalMs = params.intervalSeconds * 1000
    return { next: (after) => new Date((Math.floor(after.getTime() / intervalMs) + 1) * intervalMs) }
  }
  const cron = new Cron(params.cron!.trim(), { timezone: params.timezone ?? 'UTC', paused: true })
  return { next: (after) => cron.nextRun(after) }
}

/** The next `count` fire times after `from`, for the editor. */
export function nextFireTimes(params: ScheduleParams, count: number, from = new Date()): Date[] {
  const schedule = scheduleOf(params)
  const times: Date[] = []
  let after = from
  while (times.length < count) {
    const next = schedule.next(after)
    if (!next) break
    times.push(next)
    after = next
  }
  return times
}
