import { describe, expect, it } from 'vitest'
import { useSubmission } from './use-submission.ts'

const invalid = Object.assign(new Error('Invalid data: email is taken'), {
  name: 'BadRequest',
  code: 400,
  data: [
    { field: 'email', message: 'is taken' },
    { field: 'tenant.name', message: 'is required' }
  ]
})

describe('useSubmission', () => {
  it('is busy while the work runs, and answers true once it succeeded', async () => {
    const submission = useSubmission()
    let release!: () => void
    const done = submission.run(() => new Promise<void>((resolve) => (release = resolve)))
    expect(submission.busy.value).toBe(true)
    release()
    await expect(done).resolves.toBe(true)
    expect(submission.busy.value).toBe(false)
    expect(submission.error.value).toBeUndefined()
  })

  it('keeps what the work throws, field by field, never throws itself, and clears it on the next run or a dismissal', async () => {
    const submission = useSubmission()
    await expect(submission.run(() => Promise.reject(invalid))).resolves.toBe(false)
    expect(submission.busy.value).toBe(false)
    expect(submission.error.value).toBe(invalid)
    expect(submission.fieldError('email')).toBe('is taken')
    expect(submission.fieldError('tenant')).toBe('is required')
    expect(submission.fieldError('password')).toBeUndefined()
    submission.dismiss()
    expect(submission.error.value).toBeUndefined()
    await submission.run(() => Promise.reject(invalid))
    await submission.run(async () => undefined)
    expect(submission.fieldError('email')).toBeUndefined()
  })
})
