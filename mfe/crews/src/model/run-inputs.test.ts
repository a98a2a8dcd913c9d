import { describe, expect, it } from 'vitest'
import { readRunInputs, runInputFields, taskPlaceholders } from './run-inputs.ts'

const tasks = [
  { id: 'a', description: 'Research {topic} for {audience}', expectedOutput: 'notes on {topic}' },
  { id: 'b', description: 'Write it', expectedOutput: 'JSON like {"x": 1}' }
]

describe('run inputs', () => {
  it('offers a text field per placeholder when the crew has no input schema', () => {
    expect(taskPlaceholders({ tasks })).toEqual(['topic', 'audience'])
    expect(runInputFields({ tasks, inputSchema: null })!.map((field) => [field.name, field.kind, field.required])).toEqual([
      ['topic', 'text', true],
      ['audience', 'text', true]
    ])
  })

  it('follows the input schema when there is one', () => {
    const inputSchema = { type: 'object', properties: { topic: { type: 'string', title: 'Topic' }, depth: { type: 'integer' }, tags: { type: 'array' } }, required: ['topic'] }
    expect(runInputFields({ tasks, inputSchema })).toEqual([
      { name: 'topic', label: 'Topic', description: undefined, kind: 'text', required: true },
      { name: 'depth', label: 'depth', description: undefined, kind: 'number', required: false },
      { name: 'tags', label: 'tags', description: undefined, kind: 'json', required: false }
    ])
    expect(runInputFields({ tasks, inputSchema: { type: 'object' } })).toBeUndefined()
  })

  it('reads typed values and names what is missing or unreadable', () => {
    const fields = runInputFields({ tasks, inputSchema: { type: 'object', properties: { topic: { type: 'string' }, depth: { type: 'number' }, tags: { type: 'array' }, deep: { type: 'boolean' } }, required: ['topic'] } })!
    expect(readRunInputs(fields, { topic: 'AI', depth: '2', tags: '["a"]', deep: true })).toEqual({ inputs: { topic: 'AI', depth: 2, tags: ['a'], deep: true } })
    expect(readRunInputs(fields, { topic: ' ', depth: 'two', tags: '[' })).toEqual({ errors: { topic: 'Required', depth: 'Enter a number', tags: 'Enter valid JSON' } })
  })
})
