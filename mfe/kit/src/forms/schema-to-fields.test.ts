import { describe, expect, it } from 'vitest'
import { schemaToFields, type JsonSchema } from './schema-to-fields.ts'
import { missingRequired, parseFieldValue } from './field-value.ts'

// Param schemas as the built-in node types declare them (GET /api/v1/node-types).
const llmPrompt: JsonSchema = {
  type: 'object',
  properties: {
    prompt: { type: 'string', minLength: 1, title: 'Prompt', description: 'What to ask' },
    providerId: { type: 'string', format: 'uuid', title: 'Provider' },
    model: { type: 'string', minLength: 1, title: 'Model' },
    temperature: { type: 'number', minimum: 0, maximum: 2, title: 'Temperature' },
    cache: { type: 'boolean', title: 'Use cache' }
  },
  required: ['prompt']
}
const delay: JsonSchema = { type: 'object', properties: { ms: { type: 'integer', minimum: 0, maximum: 86_400_000, title: 'Milliseconds' } }, required: ['ms'] }
const condition: JsonSchema = { type: 'object', properties: { expression: { type: 'string', 'x-troupe-expression': true } }, required: ['expression'] }
const toolCall: JsonSchema = {
  type: 'object',
  properties: { toolId: { type: 'string', maxLength: 100, title: 'Tool' }, args: { type: 'object', title: 'Arguments', additionalProperties: true } },
  required: ['toolId']
}

describe('schemaToFields', () => {
  it('turns each property into a labelled field of the right kind', () => {
    expect(schemaToFields(llmPrompt).map(({ name, label, kind, required }) => ({ name, label, kind, required }))).toEqual([
      { name: 'prompt', label: 'Prompt', kind: 'multiline', required: true },
      { name: 'providerId', label: 'Provider', kind: 'reference', required: false },
      { name: 'model', label: 'Model', kind: 'text', required: false },
      { name: 'temperature', label: 'Temperature', kind: 'number', required: false },
      { name: 'cache', label: 'Use cache', kind: 'boolean', required: false }
    ])
    expect(schemaToFields(llmPrompt)[1]!.reference).toBe('llm-providers')
    expect(schemaToFields(llmPrompt)[3]).toMatchObject({ minimum: 0, maximum: 2 })
  })

  it('knows integers, expressions, references to tools and free-form objects', () => {
    expect(schemaToFields(delay)[0]).toMatchObject({ kind: 'number', integer: true, label: 'Milliseconds', required: true })
    expect(schemaToFields(condition)[0]).toMatchObject({ kind: 'expression', label: 'Expression' })
    expect(schemaToFields(toolCall).map((field) => [field.kind, field.reference])).toEqual([
      ['reference', 'tools'],
      ['json', undefined]
    ])
  })

  it('draws a picker for any param annotated with x-troupe-ref, whatever its name, and for the older id conventions', () => {
    const fields = schemaToFields({
      type: 'object',
      properties: {
        crew: { type: 'string', format: 'uuid', 'x-troupe-ref': 'crews' },
        base: { type: 'string', 'x-troupe-ref': 'knowledge-bases' },
        agentId: { type: 'string', format: 'uuid' },
        note: { type: 'string', 'x-troupe-ref': '' }
      }
    })
    expect(fields.map((field) => [field.name, field.kind, field.reference])).toEqual([
      ['crew', 'reference', 'crews'],
      ['base', 'reference', 'knowledge-bases'],
      ['agentId', 'reference', 'agents'],
      ['note', 'text', undefined]
    ])
  })

  it('offers enums as choices and names untitled properties readably', () => {
    const fields = schemaToFields({ type: 'object', properties: { httpMethod: { type: 'string', enum: ['GET', 'POST'] } } })
    expect(fields[0]).toMatchObject({ label: 'Http method', kind: 'select', options: [{ value: 'GET', label: 'GET' }, { value: 'POST', label: 'POST' }] })
  })

  it('has no fields for a schema without properties', () => {
    expect(schemaToFields({ type: 'object', properties: {} })).toEqual([])
    expect(schemaToFields(undefined)).toEqual([])
  })
})

describe('parseFieldValue', () => {
  const [ms] = schemaToFields(delay)
  const [, args] = schemaToFields(toolCall)

  it('parses numbers within the schema bounds, and accepts templates', () => {
    expect(parseFieldValue(ms!, '1500')).toEqual({ value: 1500 })
    expect(parseFieldValue(ms!, '{{ input.ms }}')).toEqual({ value: '{{ input.ms }}' })
    expect(parseFieldValue(ms!, '1.5')).toEqual({ error: 'Enter a whole number' })
    expect(parseFieldValue(ms!, '-1')).toEqual({ error: 'At least 0' })
    expect(parseFieldValue(ms!, 'soon')).toMatchObject({ error: expect.stringContaining('number') })
    expect(parseFieldValue(ms!, '')).toEqual({ value: undefined })
  })

  it('parses JSON objects', () => {
    expect(parseFieldValue(args!, '{"a": 2}')).toEqual({ value: { a: 2 } })
    expect(parseFieldValue(args!, '{a: 2}')).toEqual({ error: 'Enter valid JSON' })
  })

  it('reports required params left empty', () => {
    expect(missingRequired(schemaToFields(llmPrompt), { model: 'x' })).toEqual({ prompt: 'Required' })
    expect(missingRequired(schemaToFields(llmPrompt), { prompt: 'hi' })).toEqual({})
  })
})
