import type { ChatMessage, ChatRequest } from '@troupe/sdk/plugin'
import { chatStreaming, createTestProvider } from '@troupe/sdk/plugin/testing'
import { describe, expect, it } from 'vitest'
import plugin, { scriptedProviderKind } from './index.js'

const user = (content: string): ChatMessage => ({ role: 'user', content })
const request = (...messages: ChatMessage[]): ChatRequest => ({ model: 'scripted', messages })

describe('scripted provider', () => {
  it('is contributed by the plugin', () => {
    expect(plugin.id).toBe('llm-scripted')
    expect(plugin.contributes?.llmProviders).toEqual([scriptedProviderKind])
    expect(scriptedProviderKind).toMatchObject({ kind: 'scripted', usesNetwork: false, defaultModel: 'scripted' })
  })

  it('answers with the first matching rule, in order', async () => {
    const provider = createTestProvider(scriptedProviderKind, {
      options: {
        rules: [
          { match: 'weather', reply: 'It is sunny.' },
          { match: '.*', reply: 'Anything else.' },
          { match: 'weather', reply: 'Never reached.' }
        ]
      }
    })
    const result = await provider.chat(request(user('What is the weather?')))
    expect(result).toMatchObject({ text: 'It is sunny.', toolCalls: [], finishReason: 'stop', model: 'scripted' })
    expect((await provider.chat(request(user('hello')))).text).toBe('Anything else.')
  })

  it('matches only the last message', async () => {
    const provider = createTestProvider(scriptedProviderKind, { options: { rules: [{ match: 'first', reply: 'matched' }] } })
    const result = await provider.chat(request(user('first'), { role: 'assistant', content: 'echo: first' }, user('second')))
    expect(result.text).toBe('echo: second')
  })

  it('calls a tool, then answers from the tool result', async () => {
    const provider = createTestProvider(scriptedProviderKind, {
      options: {
        rules: [
          { match: '^weather in (\\w+)', toolCall: { name: 'get_weather', arguments: { city: 'Paris' } } },
          { match: '"temperature":(\\d+)', reply: 'It is $1 degrees.' }
        ]
      }
    })
    const messages = [user('weather in Paris')]
    const first = await provider.chat(request(...messages))
    expect(first).toEqual({
      text: '',
      toolCalls: [{ id: 'call_1', name: 'get_weather', arguments: { city: 'Paris' } }],
      usage: { promptTokens: 3, completionTokens: 9 },
      model: 'scripted',
      finishReason: 'tool_calls'
    })
    messages.push(
      { role: 'assistant', content: '', toolCalls: first.toolCalls },
      { role: 'tool', content: '{"temperature":21}', toolCallId: 'call_1', name: 'get_weather' }
    )
    const second = await provider.chat(request(...messages))
    expect(second).toMatchObject({ text: 'It is 21 degrees.', toolCalls: [], finishReason: 'stop' })
  })

  it('gives the same tool call id for the same conversation', async () => {
    const provider = createTestProvider(scriptedProviderKind, {
      options: { rules: [{ match: 'go', toolCall: { name: 'run', arguments: {} } }] }
    })
    const conversation = request({ role: 'system', content: 'Be brief.' }, user('go'))
    const ids = [(await provider.chat(conversation)).toolCalls[0].id, (await provider.chat(conversation)).toolCalls[0].id]
    expect(ids).toEqual(['call_2', 'call_2'])
  })

  it('echoes the last message when no rule matches', async () => {
    const provider = createTestProvider(scriptedProviderKind)
    const result = await provider.chat({ model: 'other-model', messages: [user('Hello there')] })
    expect(result).toMatchObject({ text: 'echo: Hello there', finishReason: 'stop', model: 'other-model' })
  })

  it('counts usage with its own tokenizer', async () => {
    const provider = createTestProvider(scriptedProviderKind, { options: { rules: [{ match: 'hi', reply: 'Hello, how are you?' }] } })
    const result = await provider.chat(request({ role: 'system', content: 'You are kind.' }, user('hi there!')))
    expect(result.usage).toEqual({ promptTokens: 7, completionTokens: 6 })
  })

  it('streams the reply token by token', async () => {
    const provider = createTestProvider(scriptedProviderKind, {
      options: { rules: [{ match: 'story', reply: 'Once upon a time, there was a test.' }], tokenDelayMs: 1 }
    })
    const result = await chatStreaming(provider, request(user('tell a story')))
    expect(result.tokens).toEqual(['Once ', 'upon ', 'a ', 'time, ', 'there ', 'was ', 'a ', 'test.'])
    expect(result.tokens.join('')).toBe(result.text)
  })

  it('stops streaming and rejects with an AbortError when aborted mid-stream', async () => {
    const provider = createTestProvider(scriptedProviderKind, { options: { tokenDelayMs: 20 } })
    const controller = new AbortController()
    const tokens: string[] = []
    const chat = provider.chat(request(user('one two three four five six')), {
      signal: controller.signal,
      onToken: (token) => {
        tokens.push(token)
        if (tokens.length === 2) controller.abort()
      }
    })
    await expect(chat).rejects.toMatchObject({ name: 'AbortError' })
    expect(tokens).toEqual(['echo: ', 'one '])
  })

  it('rejects with an AbortError when aborted before the call', async () => {
    const provider = createTestProvider(scriptedProviderKind)
    const tokens: string[] = []
    const chat = provider.chat(request(user('hi')), { signal: AbortSignal.abort(), onToken: (token) => tokens.push(token) })
    await expect(chat).rejects.toMatchObject({ name: 'AbortError' })
    expect(tokens).toEqual([])
  })

  it('names the rule whose pattern is invalid', () => {
    const rules = [{ match: 'a', reply: 'x' }, { match: 'b', reply: 'y' }, { match: '[unclosed', reply: 'z' }]
    expect(() => createTestProvider(scriptedProviderKind, { options: { rules } })).toThrow(
      /rules\.2\.match is not a valid regular expression/
    )
  })

  it('rejects options its schema does not describe', () => {
    expect(() => createTestProvider(scriptedProviderKind, { options: { rule: [] } })).toThrow(/must NOT have additional properties/)
    expect(() => createTestProvider(scriptedProviderKind, { options: { rules: [{ match: 'a', reply: 'x', extra: 1 }] } })).toThrow(
      /rules\.0/
    )
    expect(() => createTestProvider(scriptedProviderKind, { options: { rules: [{ match: 'a' }] } })).toThrow(/rules\.0/)
    expect(() => createTestProvider(scriptedProviderKind, { options: { rules: [{ match: 'a', flags: 'g', reply: 'x' }] } })).toThrow(
      /rules\.0\.flags/
    )
    expect(() => createTestProvider(scriptedProviderKind, { options: { tokenDelayMs: 5000 } })).toThrow(/tokenDelayMs/)
  })
})
