import { describe, expect, it } from 'vitest'
import { executionTitle } from './execution-title.ts'

const names = { flows: { f1: 'Greeter' }, crews: { c1: 'Research crew' } }

describe('executionTitle', () => {
  it('names the flow or crew, says when it was deleted, and calls a run of neither a chat answer', () => {
    expect(executionTitle({ flowId: 'f1', crewId: null }, names)).toBe('Greeter')
    expect(executionTitle({ flowId: null, crewId: 'c1' }, names)).toBe('Research crew')
    expect(executionTitle({ flowId: 'gone', crewId: null }, names)).toBe('A deleted flow')
    expect(executionTitle({ flowId: null, crewId: 'gone' }, names)).toBe('A deleted crew')
    expect(executionTitle({ flowId: null, crewId: null }, names)).toBe('Chat answer')
    expect(executionTitle({ flowId: null, crewId: 'c1' }, { flows: {} })).toBe('A crew run')
  })
})
