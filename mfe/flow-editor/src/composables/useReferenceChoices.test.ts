import { describe, expect, it } from 'vitest'
import { choiceOf } from './useReferenceChoices.ts'

describe('choiceOf', () => {
  it("labels a record by name, a provider with its kind unless the name says it", () => {
    expect(choiceOf({ id: 'c1', name: 'Newsroom' }, 'crews')).toEqual({ value: 'c1', label: 'Newsroom' })
    expect(choiceOf({ id: 'p1', name: 'Offline (scripted)', kind: 'scripted' }, 'llm-providers').label).toBe('Offline (scripted)')
    expect(choiceOf({ id: 'p2', name: 'Gateway', kind: 'openai' }, 'llm-providers').label).toBe('Gateway (openai)')
    expect(choiceOf({ id: 'x1' }, 'knowledge-bases').label).toBe('x1')
  })
})
