import type { ExecutionStatus, UsageRow } from '@troupe/sdk'

/** The last `count` days (UTC, `YYYY-MM-DD`), oldest first, ending with the day of `now`. */
export function lastDays(count: number, now: Date): string[] {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate())
  return Array.from({ length: count }, (_, index) => new Date(today - (count - 1 - index) * 86_400_000).toISOString().slice(0, 10))
}

export interface DayOutcome {
  day: string
  succeeded: number
  failed: number
  /** Succeeded share of the finished runs, 0-100, null on days without one. */
  successRate: number | null
}

/** Per day: finished executions and the share that succeeded (cancelled ones count as not succeeded). */
export function outcomesByDay(executions: { status: ExecutionStatus; createdAt: string }[], days: string[]): DayOutcome[] {
  const byDay = new Map(days.map((day) => [day, { succeeded: 0, notSucceeded: 0 }]))
  for (const execution of executions) {
    const entry = byDay.get(execution.createdAt.slice(0, 10))
    if (!entry) continue
    if (execution.status === 'succeeded') entry.succeeded += 1
    else if (execution.status === 'failed' || execution.status === 'cancelled') entry.notSucceeded += 1
  }
  return days.map((day) => {
    const { succeeded, notSucceeded } = byDay.get(day)!
    const finished = succeeded + notSucceeded
    return { day, succeeded, failed: notSucceeded, successRate: finished ? Math.round((succeeded / finished) * 1000) / 10 : null }
  })
}

/** LLM spend per day in US dollars (0 on days without calls). */
export function spendByDay(rows: UsageRow[], days: string[]): number[] {
  const cost = new Map(rows.map((row) => [row.key.slice(0, 10), row.costUsd]))
  return days.map((day) => cost.get(day) ?? 0)
}
