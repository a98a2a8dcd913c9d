import { describe, expect, it } from 'vitest'
import { nextFireTimes, scheduleOf, scheduleProblems } from './schedule.js'

describe('schedules', () => {
  it('read a five-field cron expression in its time zone, across a DST change', () => {
    // 09:00 in Paris: 08:00 UTC in winter, 07:00 UTC once summer time starts (29 March 2026).
    const times = nextFireTimes({ cron: '0 9 * * *', timezone: 'Europe/Paris' }, 3, new Date('2026-03-27T12:00:00Z'))
    expect(times.map((time) => time.toISOString())).toEqual(['2026-03-28T08:00:00.000Z', '2026-03-29T07:00:00.000Z', '2026-03-30T07:00:00.000Z'])
  })

  it('read six fields as seconds first, and UTC without a time zone', () => {
    expect(nextFireTimes({ cron: '*/20 * * * * *' }, 3, new Date('2026-01-01T00:00:05Z')).map((time) => time.toISOString())).toEqual([
      '2026-01-01T00:00:20.000Z',
      '2026-01-01T00:00:40.000Z',
      '2026-01-01T00:01:00.000Z'
    ])
  })

  it('count intervals from the epoch, so every instance agrees on the ticks', () => {
    const schedule = scheduleOf({ intervalSeconds: 60 })
    expect(schedule.next(new Date('2026-01-01T00:00:30Z'))?.toISOString()).toBe('2026-01-01T00:01:00.000Z')
    expect(schedule.next(new Date('2026-01-01T00:01:00Z'))?.toISOString()).toBe('2026-01-01T00:02:00.000Z')
  })

  it('name what is wrong, field by field', () => {
    expect(scheduleProblems({})).toEqual([{ field: 'cron', message: 'or intervalSeconds is required' }])
    expect(scheduleProblems({ cron: '* * * * *', intervalSeconds: 5 })).toEqual([{ field: 'intervalSeconds', message: 'cannot be set together with cron: choose one' }])
    expect(scheduleProblems({ cron: '* * * *' })).toEqual([{ field: 'cron', message: 'must have 5 or 6 fields, not 4' }])
    expect(scheduleProblems({ cron: '61 * * * *' })[0].field).toBe('cron')
    expect(scheduleProblems({ cron: '0 9 * * *', timezone: 'Mars/Olympus' })).toEqual([{ field: 'timezone', message: '"Mars/Olympus" is not an IANA time zone' }])
    expect(scheduleProblems({ cron: '0 9 * * 1-5', timezone: 'America/New_York' })).toEqual([])
    expect(scheduleProblems({ intervalSeconds: 30 })).toEqual([])
  })
})
