import { describe, expect, it } from 'vitest'
import type { ChatOptions, LlmClient } from '@troupe/sdk/plugin'
import { createTestProvider, llmClientFrom, runNode } from '@troupe/sdk/plugin/testing'
import { scriptedProviderKind } from '@troupe/plugin-llm-scripted'
import { llmPromptNode } from './llm-prompt.js'

function scriptedLlm(options: Record<string, unknown> = {}) {
  const rules = [{ match: 'hello', reply: 'Hi there friend' }]
  const provider = createTestProvider(scriptedProviderKind, { options: { rules, ...options } })
  const client = llmClientFrom(provider)
  const calls: Array<{ request: Parameters<LlmClient['chat']>[0]; options?: ChatOptions }> = []
  const llm: LlmClient = {
    chat: (request, options) => {
      calls.push({ request, options })
      return client.chat(request, options)
    }
  }
  return { llm, calls }
}

describe('llm.prompt', () => {
  it('outputs the reply and its usage, streaming it as token events', async () => {
    const { llm } = scriptedLlm()
    const result = await runNode(llmPromptNode, { params: { prompt: 'hello there' }, llm })
    expect(result.output).toEqual({ text: 'Hi there friend', usage: { promptTokens: 2, completionTokens: 3, costUsd: 0 } })
    expect(result.events.length).toBeGreaterThan(1)
    expect(result.events.every((event) => event.type === 'token')).toBe(true)
    expect(result.events.map((event) => event.data.token).join('')).toBe('Hi there friend')
  })

  it('logs which provider answered and whether from the cache', async () => {
    const { llm } = scriptedLlm()
    const { logs } = await runNode(llmPromptNode, { params: { prompt: 'hello' }, llm })
    const data = { providerId: 'test-provider', model: 'test-model', cached: false }
    expect(logs).toContainEqual({ level: 'info', message: 'LLM answered', data })
  })

  it('sends the system message first and passes provider, model, temperature, cache and the signal', async () => {
    const { llm, calls } = scriptedLlm()
    const signal = new AbortController().signal
    const providerId = '0f8b6c1e-5a4d-4c3b-9a2e-1d7f6e5c4b3a'
    const params = { prompt: 'hello', system: 'Be brief.', providerId, model: 'small', temperature: 0.2, cache: true }
    await runNode(llmPromptNode, { params, llm, signal })
    expect(calls).toHaveLength(1)
    expect(calls[0].request).toEqual({
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'hello' }
      ],
      providerId,
      model: 'small',
      temperature: 0.2,
      cache: true
    })
    expect(calls[0].options?.signal).toBe(signal)
  })

  it('asks for structured output with an output schema and outputs the answer parsed as json', async () => {
    const provider = createTestProvider(scriptedProviderKind, { options: { rules: [{ match: 'weather', reply: '{"celsius": 4}' }] } })
    const client = llmClientFrom(provider)
    const requests: Array<Parameters<LlmClient['chat']>[0]> = []
    const llm: LlmClient = { chat: (request, options) => (requests.push(request), client.chat(request, options)) }
    const outputSchema = { type: 'object', properties: { celsius: { type: 'number' } }, required: ['celsius'] }
    const result = await runNode(llmPromptNode, { params: { prompt: 'weather in Oslo', outputSchema }, llm })
    expect(requests[0]!.responseFormat).toEqual({ type: 'json_schema', name: 'output', schema: outputSchema })
    expect(result.output).toMatchObject({ text: '{"celsius": 4}', json: { celsius: 4 } })
  })

  it('sends no system message when none is given', async () => {
    const { llm, calls } = scriptedLlm()
    await runNode(llmPromptNode, { params: { prompt: 'hello', system: '' }, llm })
    expect(calls[0].request.messages).toEqual([{ role: 'user', content: 'hello' }])
  })

  it('sends template-looking text as it is: the host renders templates, the node never evaluates them', async () => {
    const { llm } = scriptedLlm()
    const prompt = '{{ this.constructor.constructor("return process")() }}'
    expect((await runNode(llmPromptNode, { params: { prompt }, llm })).output).toMatchObject({ text: `echo: ${prompt}` })
  })

  it('stops streaming when the signal aborts', async () => {
    const { llm } = scriptedLlm({ tokenDelayMs: 50 })
    const controller = new AbortController()
    setTimeout(() => controller.abort(), 20)
    const run = runNode(llmPromptNode, { params: { prompt: 'hello' }, llm, signal: controller.signal })
    await expect(run).rejects.toMatchObject({ name: 'AbortError' })
  })

  it('refuses bad params', async () => {
    const bad = (params: unknown) => runNode(llmPromptNode, { params: params as never })
    await expect(bad({})).rejects.toThrow(/prompt must have required property/)
    await expect(bad({ prompt: '' })).rejects.toThrow(/prompt must NOT have fewer than 1 characters/)
    await expect(bad({ prompt: 'hi', temperature: 2.5 })).rejects.toThrow(/temperature must be <= 2/)
    await expect(bad({ prompt: 'hi', temperature: -1 })).rejects.toThrow(/temperature must be >= 0/)
    await expect(bad({ prompt: 'hi', providerId: 'openai' })).rejects.toThrow(/providerId must match format "uuid"/)
    await expect(bad({ prompt: 'hi', cache: 'yes' })).rejects.toThrow(/cache must be boolean/)
    await expect(bad({ prompt: 'hi', maxTokens: 10 })).rejects.toThrow(/must NOT have additional properties/)
  })
})
