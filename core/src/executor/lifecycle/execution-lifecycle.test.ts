import { describe, expect, it } from 'vitest'
import { ExecutionLifecycle } from './execution-lifecycle.js'

const principal = { userId: 'u', tenantId: 't', tenantSchema: 's', role: 'admin' as const }

describe('ExecutionLifecycle', () => {
  it('hands each stage to every handler in order, and a handler that throws disturbs neither the caller nor the others', () => {
    const seen: string[] = []
    const errors: string[] = []
    const lifecycle = new ExecutionLifecycle((error, stage) => errors.push(`${stage}: ${(error as Error).message}`))
    lifecycle.add({
      onStart: () => seen.push('first start'),
      onStored: () => {
        throw new Error('broken')
      }
    })
    lifecycle.add({ onStored: ({ events }) => seen.push(`second stored ${events.length}`), onFinish: ({ status }) => seen.push(`second ${status}`) })
    lifecycle.start({ executionId: 'e', principal, resumed: false })
    lifecycle.stored({ principal, events: [] })
    lifecycle.finish({ executionId: 'e', principal, status: 'succeeded' })
    expect(seen).toEqual(['first start', 'second stored 0', 'second succeeded'])
    expect(errors).toEqual(['stored: broken'])
  })
})
