import type { LlmClient, ToolCall } from '@troupe/sdk/plugin'
import { setTimeout as sleep } from 'node:timers/promises'
import { describe, expect, it } from 'vitest'
import { runAgentTask } from './run-agent.js'
import { agent } from './testing/definitions.js'
import { inMemoryTools, type FakeTool } from './testing/in-memory-tools.js'
import { recordingServices } from './testing/recording-services.js'
import { scriptedLlm } from './testing/scripted-llm.js'

type ChatRequest = Parameters<LlmClient['chat']>[0]

const weatherTool: FakeTool = {
  name: 'get_weather',
  description: 'Current weather of a city',
  inputSchema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'], additionalProperties: false },
  run: (args) => ({ city: args.city, temperature: 21 })
}

const weatherman = agent({ name: 'Weatherman', role: 'Weather reporter', providerId: 'weather-llm', model: 'scripted-1', toolIds: ['tool-get_weather'] })
const task = { description: 'Report the weather in Paris', expectedOutput: 'One sentence' }

/** An LLM that gives these replies in order, recording each request: for tool calls no provider would script. */
function stubLlm(replies: Array<{ text?: string; toolCalls?: ToolCall[]; vendorData?: Record<string, unknown> }>): LlmClient & { requests: ChatRequest[] } {
  const requests: ChatRequest[] = []
  return {
    requests,
    chat: async (request) => {
      requests.push({ ...request, messages: [...request.messages] })
      const { text = '', toolCalls = [], vendorData } = replies.shift() ?? { text: 'no reply left' }
      return { text, toolCalls, ...(vendorData && { vendorData }), usage: { promptTokens: 1, completionTokens: 1 }, model: 'stub', finishReason: toolCalls.length ? 'tool_calls' : 'stop', providerId: 'stub', costUsd: 0, cached: false }
    }
  }
}

describe('runAgentTask', () => {
  it('calls a tool, feeds its result back and streams the final answer', async () => {
    const llm = scriptedLlm(
      {
        'weather-llm': [
          { match: '^Current Task: Report the weather in Paris', toolCall: { name: 'get_weather', arguments: { city: 'Paris' } } },
          { match: '"temperature":(\\d+)', reply: 'It is $1 degrees in Paris.' }
        ]
      },
      { costUsdPerCall: 0.25 }
    )
    const tools = inMemoryTools([weatherTool])
    const services = recordingServices({ llm, tools })

    const result = await runAgentTask({ agent: weatherman, task, context: [], services })

    expect(result.text).toBe('It is 21 degrees in Paris.')
    const call = { agent: 'Weatherman', tool: 'get_weather', callId: 'call_2' }
    expect(result.steps).toEqual([
      { type: 'tool.call', ...call, arguments: { city: 'Paris' } },
      { type: 'tool.result', ...call, result: { city: 'Paris', temperature: 21 } }
    ])
    expect(services.events.map((event) => event.type)).toEqual(['tool.call', 'tool.result', 'token', 'token', 'token', 'token', 'token', 'token'])
    expect(services.events.slice(0, 2).map((event) => event.data)).toEqual([
      { ...call, arguments: { city: 'Paris' } },
      { ...call, result: { city: 'Paris', temperature: 21 } }
    ])
    expect(services.streamed()).toBe('It is 21 degrees in Paris.')
    expect(services.events.filter((event) => event.type === 'token').every((event) => event.data.agent === 'Weatherman')).toBe(true)

    expect(tools.calls).toEqual([{ idOrName: 'tool-get_weather', args: { city: 'Paris' }, signal: services.signal }])
    expect(llm.requests).toHaveLength(2)
    expect(llm.requests[0]).toMatchObject({
      providerId: 'weather-llm',
      model: 'scripted-1',
      tools: [{ name: 'get_weather', description: 'Current weather of a city', parameters: weatherTool.inputSchema }]
    })
    expect(llm.requests[1].messages.slice(-2)).toEqual([
      { role: 'assistant', content: '', toolCalls: [{ id: 'call_2', name: 'get_weather', arguments: { city: 'Paris' } }] },
      { role: 'tool', content: '{"city":"Paris","temperature":21}', toolCallId: 'call_2', name: 'get_weather' }
    ])
    expect(result.usage).toEqual({
      promptTokens: llm.results[0].usage.promptTokens + llm.results[1].usage.promptTokens,
      completionTokens: llm.results[0].usage.completionTokens + llm.results[1].usage.completionTokens,
      costUsd: 0.5
    })
    expect(result.usage.promptTokens).toBeGreaterThan(0)
  })

  it('opens with a CrewAI-style system message and the task, expected output and context', async () => {
    const llm = scriptedLlm({ 'weather-llm': [{ match: 'Begin!', reply: 'Sunny.' }] })
    const services = recordingServices({ llm, tools: inMemoryTools([weatherTool]) })

    await runAgentTask({ agent: weatherman, task, context: ['Output of task forecast:\nRain later', ''], services })

    const [system, user] = llm.requests[0].messages
    expect(system.role).toBe('system')
    expect(system.content).toBe(
      'You are Weather reporter. You are careful and brief.\nYour personal goal is: Do the work of a weatherman\n\n' +
        'Use the tools you are given when they help; their results come back to you as tool messages.\n' +
        'When you have the final answer, reply with it directly, in plain text, without calling a tool.'
    )
    expect(user).toEqual({
      role: 'user',
      content:
        'Current Task: Report the weather in Paris\n\n' +
        'This is the expected criteria for your final answer: One sentence\nYou MUST return the actual complete content as the final answer, not a summary.\n\n' +
        "This is the context you're working with:\nOutput of task forecast:\nRain later\n\n" +
        'Begin! This is VERY important to you, use the tools available and give your best Final Answer, your job depends on it!'
    })
  })

  it('reports invalid tool arguments to the model, which corrects itself', async () => {
    const llm = scriptedLlm({
      'weather-llm': [
        { match: '^Current Task:', toolCall: { name: 'get_weather', arguments: { town: 'Paris' } } },
        { match: 'args\\.city is required', toolCall: { name: 'get_weather', arguments: { city: 'Paris' } } },
        { match: '"temperature":(\\d+)', reply: 'It is $1 degrees.' }
      ]
    })
    const tools = inMemoryTools([weatherTool])
    const services = recordingServices({ llm, tools })

    const result = await runAgentTask({ agent: weatherman, task, context: [], services })

    expect(result.text).toBe('It is 21 degrees.')
    const observation = llm.requests[1].messages.at(-1)
    expect(observation).toMatchObject({ role: 'tool', toolCallId: 'call_2', name: 'get_weather' })
    expect(observation?.content).toBe(
      'Error: invalid arguments for tool get_weather: args.city is required; args.town is not allowed. Call the tool again with corrected arguments.'
    )
    expect(result.steps.filter((step) => step.type === 'tool.result')).toEqual([
      expect.objectContaining({ error: 'invalid arguments for tool get_weather: args.city is required; args.town is not allowed. Call the tool again with corrected arguments.' }),
      expect.objectContaining({ result: { city: 'Paris', temperature: 21 } })
    ])
    expect(tools.calls.map((call) => call.args)).toEqual([{ town: 'Paris' }, { city: 'Paris' }])
  })

  it('hands arguments that are not valid JSON back to the model without calling the tool, like a schema failure', async () => {
    const broken = 'Unexpected end of JSON input (arguments: {"city":)'
    const llm = stubLlm([
      { toolCalls: [{ id: 'c1', name: 'get_weather', arguments: {}, argumentsError: broken }] },
      { toolCalls: [{ id: 'c2', name: 'get_weather', arguments: { city: 'Paris' } }] },
      { text: 'It is 21 degrees.' }
    ])
    const tools = inMemoryTools([weatherTool])
    const services = recordingServices({ llm, tools })

    const result = await runAgentTask({ agent: weatherman, task, context: [], services })

    expect(result.text).toBe('It is 21 degrees.')
    const error = `the arguments for tool get_weather are not valid JSON: ${broken}. Call the tool again with corrected arguments.`
    expect(llm.requests[1]!.messages.slice(-2)).toEqual([
      { role: 'assistant', content: '', toolCalls: [{ id: 'c1', name: 'get_weather', arguments: {}, argumentsError: broken }] },
      { role: 'tool', content: `Error: ${error}`, toolCallId: 'c1', name: 'get_weather' }
    ])
    expect(services.steps().map(({ type, data }) => ({ type, ...data }))).toEqual([
      { type: 'tool.call', agent: 'Weatherman', tool: 'get_weather', callId: 'c1', arguments: {}, argumentsError: broken },
      { type: 'tool.result', agent: 'Weatherman', tool: 'get_weather', callId: 'c1', error },
      { type: 'tool.call', agent: 'Weatherman', tool: 'get_weather', callId: 'c2', arguments: { city: 'Paris' } },
      { type: 'tool.result', agent: 'Weatherman', tool: 'get_weather', callId: 'c2', result: { city: 'Paris', temperature: 21 } }
    ])
    expect(tools.calls.map((call) => call.args)).toEqual([{ city: 'Paris' }])
  })

  it('counts a round trip with unreadable arguments toward maxIterations', async () => {
    const call = { id: 'c', name: 'get_weather', arguments: {}, argumentsError: 'Unexpected end of JSON input (arguments: {)' }
    const llm = stubLlm([{ toolCalls: [call] }, { toolCalls: [call] }, { text: 'too late' }])
    const tools = inMemoryTools([weatherTool])
    const services = recordingServices({ llm, tools })

    await expect(runAgentTask({ agent: { ...weatherman, maxIterations: 2 }, task, context: [], services })).rejects.toThrow(
      'Agent Weatherman reached its maxIterations (2) without a final answer'
    )
    expect(llm.requests).toHaveLength(2)
    expect(tools.calls).toEqual([])
  })

  it('turns a failing tool into an observation instead of failing the task', async () => {
    const flaky: FakeTool = { name: 'flaky', inputSchema: { type: 'object' }, run: () => { throw new Error('upstream timed out') } }
    const llm = scriptedLlm({
      flaky: [
        { match: '^Current Task:', toolCall: { name: 'flaky', arguments: {} } },
        { match: '^Error: tool flaky failed: (.*)$', reply: 'Sorry, the tool failed ($1).' }
      ]
    })
    const services = recordingServices({ llm, tools: inMemoryTools([flaky]) })

    const result = await runAgentTask({ agent: agent({ name: 'Flaky', toolIds: ['flaky'] }), task, context: [], services })

    expect(result.text).toBe('Sorry, the tool failed (upstream timed out).')
    expect(result.steps[1]).toEqual({ type: 'tool.result', agent: 'Flaky', tool: 'flaky', callId: 'call_2', error: 'tool flaky failed: upstream timed out' })
  })

  it('tells the model when it calls a tool it was not given', async () => {
    const llm = scriptedLlm({
      'weather-llm': [
        { match: '^Current Task:', toolCall: { name: 'launch_rockets', arguments: { count: 3 } } },
        { match: 'no tool named "launch_rockets"\\. The tools you can call are: (.*)\\.$', reply: 'I can only use $1.' }
      ]
    })
    const tools = inMemoryTools([weatherTool])
    const services = recordingServices({ llm, tools })

    const result = await runAgentTask({ agent: weatherman, task, context: [], services })

    expect(result.text).toBe('I can only use get_weather.')
    expect(result.steps[1]).toMatchObject({ type: 'tool.result', tool: 'launch_rockets', error: 'there is no tool named "launch_rockets". The tools you can call are: get_weather.' })
    expect(tools.calls).toEqual([])
  })

  it('fails clearly when the model never stops calling tools', async () => {
    const llm = scriptedLlm({ 'weather-llm': [{ match: '', toolCall: { name: 'get_weather', arguments: { city: 'Paris' } } }] })
    const tools = inMemoryTools([weatherTool])
    const services = recordingServices({ llm, tools })

    await expect(runAgentTask({ agent: { ...weatherman, maxIterations: 3 }, task, context: [], services })).rejects.toThrow(
      'Agent Weatherman reached its maxIterations (3) without a final answer'
    )
    expect(llm.requests).toHaveLength(3)
    expect(tools.calls).toHaveLength(3)
  })

  it("sends the vendor's data back with the turn and the calls it came on, unchanged", async () => {
    const signed = { id: 'c1', name: 'get_weather', arguments: { city: 'Paris' }, vendorData: { gemini: { thoughtSignature: 'c2ln' } } }
    const turnData = { anthropic: { account: 'a1', content: [{ type: 'thinking', thinking: 'Look it up.', signature: 'c2ln' }] } }
    const llm = stubLlm([{ toolCalls: [signed], vendorData: turnData }, { text: 'Mild.' }])
    await runAgentTask({ agent: weatherman, task, context: [], services: recordingServices({ llm, tools: inMemoryTools([weatherTool]) }) })
    expect(llm.requests[1]!.messages.find((message) => message.role === 'assistant')).toEqual({ role: 'assistant', content: '', toolCalls: [signed], vendorData: turnData })
  })

  it('emits the text the model writes beside its tool calls as a thought', async () => {
    const replies = [
      { text: 'I should check the weather first.', toolCalls: [{ id: 'c1', name: 'get_weather', arguments: { city: 'Paris' } }] },
      { text: 'Mild.', toolCalls: [] }
    ]
    const llm: LlmClient = {
      chat: async () => ({
        ...replies.shift()!,
        usage: { promptTokens: 1, completionTokens: 1 },
        model: 'stub',
        finishReason: 'stop',
        providerId: 'stub',
        costUsd: 0,
        cached: false
      })
    }
    const services = recordingServices({ llm, tools: inMemoryTools([weatherTool]) })

    const result = await runAgentTask({ agent: weatherman, task, context: [], services })

    expect(result.text).toBe('Mild.')
    expect(services.steps().map((event) => [event.type, event.data.text ?? event.data.tool])).toEqual([
      ['agent.thought', 'I should check the weather first.'],
      ['tool.call', 'get_weather'],
      ['tool.result', 'get_weather']
    ])
  })

  it('fails before any LLM call when one of its tools cannot be found', async () => {
    const llm = scriptedLlm({ 'weather-llm': [] })
    const services = recordingServices({ llm, tools: inMemoryTools([weatherTool]) })

    await expect(runAgentTask({ agent: { ...weatherman, toolIds: ['tool-get_weather', 'tool-gone'] }, task, context: [], services })).rejects.toThrow(
      'Agent Weatherman cannot use tool tool-gone: No tool tool-gone'
    )
    expect(llm.requests).toEqual([])
  })

  it('rejects quickly with an AbortError when aborted while the answer streams', async () => {
    const words = Array.from({ length: 40 }, (_, index) => `word${index}`).join(' ')
    const llm = scriptedLlm({ 'weather-llm': [{ match: '', reply: words }] }, { tokenDelayMs: 50 })
    const controller = new AbortController()
    const services = recordingServices({ llm, signal: controller.signal })
    const emit = services.emit
    services.emit = (event) => {
      emit(event)
      if (event.type === 'token' && event.data.token === 'word1 ') controller.abort()
    }
    const started = performance.now()

    await expect(runAgentTask({ agent: { ...weatherman, toolIds: [] }, task, context: [], services })).rejects.toMatchObject({ name: 'AbortError' })

    expect(performance.now() - started).toBeLessThan(500)
    expect(services.streamed()).toBe('word0 word1 ')
  })

  it('passes an abort during a tool call through instead of making it an observation', async () => {
    const slow: FakeTool = {
      name: 'slow',
      inputSchema: { type: 'object' },
      run: async (_args, signal) => sleep(10_000, 'done', { signal })
    }
    const llm = scriptedLlm({ slow: [{ match: '^Current Task:', toolCall: { name: 'slow', arguments: {} } }] })
    const controller = new AbortController()
    const services = recordingServices({ llm, tools: inMemoryTools([slow]), signal: controller.signal })
    setTimeout(() => controller.abort(), 20)

    await expect(runAgentTask({ agent: agent({ name: 'Slow', toolIds: ['slow'] }), task, context: [], services })).rejects.toMatchObject({
      name: 'AbortError'
    })
    expect(services.steps().map((event) => event.type)).toEqual(['tool.call'])
    expect(llm.requests).toHaveLength(1)
  })
})
