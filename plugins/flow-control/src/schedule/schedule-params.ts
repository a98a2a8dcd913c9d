/** Params of `trigger.schedule`: a cron expression in a time zone, or a fixed interval. */
export interface ScheduleParams {
  /** Five fields (minute hour day month weekday) or six (seconds first). */
  cron?: string
  /** IANA time zone the cron expression is read in (`Europe/Paris`); UTC by default. */
  timezone?: string
  /** Every so many seconds, counted from the epoch (so every instance agrees on the ticks). */
  intervalSeconds?: number
  /** Ticks missed while nothing ran: `skip` them (default) or `run-once` for the first missed one. */
  missed?: 'skip' | 'run-once'
  /** Merged into each run's input, next to `scheduledFor` and `firedAt`. */
  input?: Record<string, unknown>
}

export const scheduleParamsSchema = {
  type: 'object',
  properties: {
    cron: { type: 'string', minLength: 1, maxLength: 200, title: 'Cron expression', description: 'Five fields (minute hour day month weekday), or six with seconds first: 0 9 * * 1-5' },
    timezone: { type: 'string', minLength: 1, maxLength: 100, title: 'Time zone', description: 'IANA name such as Europe/Paris; UTC when empty' },
    intervalSeconds: { type: 'integer', minimum: 1, maximum: 31_536_000, title: 'Every (seconds)', description: 'Instead of a cron expression' },
    missed: { type: 'string', enum: ['skip', 'run-once'], title: 'Missed ticks', description: 'While the platform was down: skip them (default), or run once' },
    input: { type: 'object', title: 'Input', description: 'Given to each run, with scheduledFor and firedAt', additionalProperties: true }
  },
  additionalProperties: false
}
