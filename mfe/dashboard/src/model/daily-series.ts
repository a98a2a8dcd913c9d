import type { DashboardDay, UsageRow } from '@troupe/sdk'

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

/** The server's day counts (`/dashboard`) as outcomes: cancelled runs count as not succeeded. */
export function outcomesFromDays(days: readonly DashboardDay[]): DayOutcome[] {
  return days.map(({ day, succeeded, failed, cancelled }) => {
    const finished = succeeded + failed + cancelled
    return { day, succeeded, failed: failed + cancelled, successRate: finished ? Math.round((succeeded / finished) * 1000) / 10 : null }
  })
}

/** LLM spend per day in US dollars (0 on days without calls). */
export function spendByDay(rows: UsageRow[], days: string[]): number[] {
  const cost = new Map(rows.map((row) => [row.key.slice(0, 10), row.costUsd]))
  return days.map((day) => cost.get(day) ?? 0)
}
