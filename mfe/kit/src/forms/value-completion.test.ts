import { describe, expect, it } from 'vitest'
import { applyCompletion, completionAt } from './value-completion.ts'

const suggestions = ['input', 'input.city', 'nodes.fetch.output', 'nodes.fetch.output.items', 'nodes.input_check.output']

describe('value completion', () => {
  it('offers values inside an unclosed {{ of a template, those starting with what is typed first', () => {
    const text = 'Weather in {{ inp'
    expect(completionAt(text, text.length, 'template', suggestions)).toEqual({ from: 14, to: 17, options: ['input', 'input.city', 'nodes.input_check.output'] })
    expect(completionAt('{{', 2, 'template', suggestions)?.options).toEqual(suggestions)
    expect(completionAt('Hi {{ input }} and', 18, 'template', suggestions)).toBeUndefined()
    expect(completionAt('no braces', 9, 'template', suggestions)).toBeUndefined()
    expect(completionAt('{{ input | upper', 16, 'template', suggestions)).toBeUndefined()
    expect(completionAt('{{ zzz', 6, 'template', suggestions)).toBeUndefined()
  })

  it('writes the chosen value over what was typed, closing the template unless it is closed', () => {
    const open = 'Weather in {{ inp and more'
    const completion = completionAt(open, 17, 'template', suggestions)!
    expect(applyCompletion(open, completion, 'input.city', 'template')).toEqual({ text: 'Weather in {{ input.city }} and more', cursor: 27 })
    const closed = '{{ nod }}'
    expect(applyCompletion(closed, completionAt(closed, 6, 'template', suggestions)!, 'nodes.fetch.output', 'template')).toEqual({ text: '{{ nodes.fetch.output }}', cursor: 21 })
  })

  it('completes the path being typed in an expression, as it is', () => {
    const text = 'value.n + nodes.fe'
    const completion = completionAt(text, text.length, 'expression', suggestions)!
    expect(completion).toEqual({ from: 10, to: 18, options: ['nodes.fetch.output', 'nodes.fetch.output.items'] })
    expect(applyCompletion(text, completion, 'nodes.fetch.output', 'expression')).toEqual({ text: 'value.n + nodes.fetch.output', cursor: 28 })
    expect(completionAt('1 + ', 4, 'expression', suggestions)).toBeUndefined()
    expect(completionAt('input.city', 10, 'expression', ['input.city'])).toBeUndefined()
  })
})
