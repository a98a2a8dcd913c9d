import { describe, expect, it } from 'vitest'
import { runAgentTask } from './run-agent.js'
import { inProcessLogic } from '@troupe/sdk/logic'
import { checkOutputSchema, parseStructuredAnswer } from './structured-output.js'
import { agent } from './testing/definitions.js'
import { recordingServices } from './testing/recording-services.js'
import { scriptedLlm } from './testing/scripted-llm.js'

const reviewSchema = {
  type: 'object',
  properties: { title: { type: 'string' }, score: { type: 'number', minimum: 0, maximum: 10 } },
  required: ['title', 'score'],
  additionalProperties: false
}
const critic = agent({ name: 'Critic' })
const task = { description: 'Review the book about otters', expectedOutput: 'A title and a score', outputSchema: reviewSchema }

describe('parseStructuredAnswer', () => {
  const logic = inProcessLogic()
  const parse = (text: string) => parseStructuredAnswer(text, reviewSchema, logic)

  it('accepts bare JSON and JSON in a ```json fence surrounded by prose', async () => {
    expect(await parse(' {"title":"Otters","score":9}\n')).toEqual({ ok: true, value: { title: 'Otters', score: 9 } })
    expect(await parse('Here it is:\n```json\n{"title":"Otters","score":9}\n```\nEnjoy.')).toEqual({
      ok: true,
      value: { title: 'Otters', score: 9 }
    })
  })

  it('names every problem, by path', async () => {
    expect(await parse('{"score":11,"extra":true}')).toEqual({
      ok: false,
      problems: ['answer.title is required', 'answer.extra is not allowed', 'answer.score must be <= 10']
    })
    expect(await parse('[]')).toEqual({ ok: false, problems: ['answer must be object'] })
  })

  it('reports text that is not JSON without evaluating it', async () => {
    const answer = await parse('({title: "Otters"})')
    expect(answer.ok).toBe(false)
    expect(!answer.ok && answer.problems[0]).toMatch(/^the answer is not valid JSON \(/)
  })

  it('refuses a schema that is not a JSON Schema, or whose patterns can backtrack for ever', async () => {
    await expect(checkOutputSchema({ type: 'banana' }, 'Critic', logic)).rejects.toThrow(/^The output schema for agent Critic's task is not a valid JSON Schema: /)
    await expect(checkOutputSchema({ type: 'string', pattern: '(a+)+$' }, 'Critic', logic)).rejects.toThrow(
      /^The output schema for agent Critic's task is refused: pattern nests repetitions/
    )
  })
})

describe('runAgentTask with an output schema', () => {
  it("accepts a valid JSON answer, the task's schema winning over the agent's", async () => {
    const llm = scriptedLlm({ critic: [{ match: '^Current Task: Review', reply: '{"title":"Otters","score":9}' }] })
    const services = recordingServices({ llm })

    const result = await runAgentTask({ agent: { ...critic, outputSchema: { type: 'array' } }, task, context: [], services })

    expect(result.output).toEqual({ title: 'Otters', score: 9 })
    expect(result.text).toBe('{"title":"Otters","score":9}')
    expect(llm.requests).toHaveLength(1)
    expect(llm.requests[0].messages[0].content).toContain(
      `as a JSON value and nothing else, matching this JSON Schema:\n${JSON.stringify(reviewSchema)}`
    )
  })

  it("uses the agent's schema when the task has none", async () => {
    const llm = scriptedLlm({ critic: [{ match: '', reply: '[1, 2]' }] })
    const result = await runAgentTask({
      agent: { ...critic, outputSchema: { type: 'array', items: { type: 'number' } } },
      task: { ...task, outputSchema: null },
      context: [],
      services: recordingServices({ llm })
    })
    expect(result.output).toEqual([1, 2])
  })

  it('sends one correction quoting the problems, and accepts the corrected answer', async () => {
    const llm = scriptedLlm({
      critic: [
        { match: '^Current Task: Review', reply: '```json\n{"title":"Otters"}\n```' },
        { match: 'answer\\.score is required', reply: '{"title":"Otters","score":9}' }
      ]
    })
    const services = recordingServices({ llm })

    const result = await runAgentTask({ agent: critic, task, context: [], services })

    expect(result.output).toEqual({ title: 'Otters', score: 9 })
    expect(llm.requests).toHaveLength(2)
    expect(llm.requests[1].messages.slice(-2)).toEqual([
      { role: 'assistant', content: '```json\n{"title":"Otters"}\n```' },
      {
        role: 'user',
        content: `Your final answer does not match the required JSON Schema: answer.score is required.\nReply again with only the corrected JSON value, matching this JSON Schema:\n${JSON.stringify(reviewSchema)}`
      }
    ])
    expect(result.usage.completionTokens).toBe(llm.results[0].usage.completionTokens + llm.results[1].usage.completionTokens)
  })

  it('fails clearly when the corrected answer is still invalid', async () => {
    const llm = scriptedLlm({ critic: [{ match: '', reply: 'Nine out of ten!' }] })

    await expect(runAgentTask({ agent: critic, task, context: [], services: recordingServices({ llm }) })).rejects.toThrow(
      /^Agent Critic gave no final answer matching the output schema, even after a correction: the answer is not valid JSON \(/
    )
    expect(llm.requests).toHaveLength(2)
  })

  it('grants the correction a round trip even when the first answer used the last iteration', async () => {
    const llm = scriptedLlm({
      critic: [
        { match: '^Current Task: Review', reply: '{"title":"Otters","score":"nine"}' },
        { match: 'answer\\.score must be number', reply: '{"title":"Otters","score":9}' }
      ]
    })
    const result = await runAgentTask({ agent: { ...critic, maxIterations: 1 }, task, context: [], services: recordingServices({ llm }) })
    expect(result.output).toEqual({ title: 'Otters', score: 9 })
  })

  it('fails on a broken schema before calling the model', async () => {
    const llm = scriptedLlm({ critic: [] })
    await expect(
      runAgentTask({ agent: critic, task: { ...task, outputSchema: { type: 'banana' } }, context: [], services: recordingServices({ llm }) })
    ).rejects.toThrow(/not a valid JSON Schema/)
    expect(llm.requests).toEqual([])
  })
})
