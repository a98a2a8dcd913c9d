import { afterEach, describe, expect, it, vi } from 'vitest'
import { effectScope, nextTick, ref } from 'vue'
import { setApi } from '@troupe/mfe-kit'
import { useNodePreview } from './useNodePreview.ts'

const flush = async () => {
  await vi.advanceTimersByTimeAsync(450)
  await nextTick()
}

describe('useNodePreview', () => {
  afterEach(() => vi.useRealTimers())

  it('asks once the params settle, shows the answer, and names the problem with the params', async () => {
    vi.useFakeTimers()
    const asked: unknown[] = []
    setApi({
      service: () => ({
        create: async (data: { params: { cron?: string } }) => {
          asked.push(data)
          if (data.params.cron === 'bad') throw Object.assign(new Error('Invalid params'), { code: 400, data: [{ field: 'params.cron', message: 'must have 5 or 6 fields, not 1' }] })
          return { title: 'Next fire times', items: ['2026-01-05T09:00:00.000Z'] }
        }
      })
    } as never)
    const scope = effectScope()
    const type = ref({ type: 'trigger.schedule', version: 1, preview: true })
    const params = ref<Record<string, unknown>>({ cron: '0 9' })
    const { preview, problem } = scope.run(() => useNodePreview(type, params))!
    params.value = { cron: '0 9 * *' }
    params.value = { cron: '0 9 * * 1' }
    await flush()
    expect(asked).toEqual([{ type: 'trigger.schedule', version: 1, params: { cron: '0 9 * * 1' } }])
    expect(preview.value?.items).toEqual(['2026-01-05T09:00:00.000Z'])
    params.value = { cron: 'bad' }
    await flush()
    expect(preview.value).toBeUndefined()
    expect(problem.value).toBe('cron must have 5 or 6 fields, not 1')
    scope.stop()
  })

  it('asks nothing for a type without a preview', async () => {
    vi.useFakeTimers()
    const asked: unknown[] = []
    setApi({ service: () => ({ create: async (data: unknown) => asked.push(data) }) } as never)
    const scope = effectScope()
    scope.run(() => useNodePreview(ref({ type: 'data.transform', version: 1, preview: false }), ref({})))
    await flush()
    expect(asked).toEqual([])
    scope.stop()
  })
})
