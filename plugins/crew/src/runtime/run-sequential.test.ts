import { describe, expect, it } from 'vitest'
import { runCrew } from './run-crew.js'
import { agent, crew } from './testing/definitions.js'
import { inMemoryTools, type FakeTool } from './testing/in-memory-tools.js'
import { recordingServices } from './testing/recording-services.js'
import { scriptedLlm } from './testing/scripted-llm.js'

const searchTool: FakeTool = {
  name: 'search',
  inputSchema: { type: 'object', properties: { query: { type: 'string' } }, required: ['query'] },
  run: (args) => `Search results for ${args.query as string}: otters hold hands; otters use stones`
}
const researcher = agent({ name: 'Researcher', toolIds: ['tool-search'] })
const writer = agent({ name: 'Writer' })

describe('runCrew, sequential', () => {
  it("runs the tasks in order, each agent seeing the previous task's output, with placeholders filled in", async () => {
    const llm = scriptedLlm(
      {
        researcher: [
          { match: '^Current Task: Research otters for kids', toolCall: { name: 'search', arguments: { query: 'otters' } } },
          { match: '^Search results for otters: (.*)$', reply: 'Facts: $1' }
        ],
        writer: [{ match: 'Output of task research:\\nFacts: ([^;]+);', reply: 'Summary: $1.' }]
      },
      { costUsdPerCall: 0.5 }
    )
    const tools = inMemoryTools([searchTool])
    const services = recordingServices({ llm, tools })
    const definition = crew({
      agents: [researcher, writer],
      tasks: [
        { id: 'research', description: 'Research {topic} for {audience}', expectedOutput: 'Facts about {topic}', agentId: 'researcher' },
        { id: 'summarize', description: 'Summarize the research on {topic} for {channel}', expectedOutput: 'One sentence', agentId: 'writer' }
      ]
    })

    const result = await runCrew({ crew: definition, inputs: { topic: 'otters', audience: 'kids' }, services })

    expect(result.text).toBe('Summary: otters hold hands.')
    expect(result.tasks).toEqual([
      { taskId: 'research', agentId: 'researcher', output: 'Facts: otters hold hands; otters use stones' },
      { taskId: 'summarize', agentId: 'writer', output: 'Summary: otters hold hands.' }
    ])
    expect(services.steps().map((event) => [event.type, event.data.taskId ?? event.data.tool, event.data.agent])).toEqual([
      ['task.started', 'research', 'Researcher'],
      ['tool.call', 'search', 'Researcher'],
      ['tool.result', 'search', 'Researcher'],
      ['task.completed', 'research', 'Researcher'],
      ['task.started', 'summarize', 'Writer'],
      ['task.completed', 'summarize', 'Writer']
    ])
    expect(services.steps().at(-1)?.data.output).toBe('Summary: otters hold hands.')
    const writerPrompt = llm.requestsTo('writer')[0]
    expect(writerPrompt.tools).toBeUndefined()
    expect(writerPrompt.messages[1].content).toMatch(/^Current Task: Summarize the research on otters for \{channel\}\n/)
    expect(llm.requestsTo('researcher')[0].messages[1].content).toContain('expected criteria for your final answer: Facts about otters')
    expect(result.usage.costUsd).toBe(1.5)
    expect(result.usage.promptTokens).toBe(llm.results.reduce((sum, answer) => sum + answer.usage.promptTokens, 0))
  })

  it("gives tasks without an agent to the crew's agents in turn, and honours explicit context", async () => {
    const llm = scriptedLlm({
      a: [
        { match: '^Current Task: first', reply: 'A1' },
        { match: '^Current Task: third', reply: 'A3' }
      ],
      b: [{ match: '', reply: 'B2' }]
    })
    const services = recordingServices({ llm })
    const definition = crew({
      agents: [agent({ name: 'A' }), agent({ name: 'B' })],
      tasks: [
        { id: 'first', description: 'first', expectedOutput: 'x' },
        { id: 'second', description: 'second', expectedOutput: 'x' },
        { id: 'third', description: 'third', expectedOutput: 'x', context: ['first'] }
      ]
    })

    const result = await runCrew({ crew: definition, inputs: {}, services })

    expect(result.tasks.map((task) => [task.agentId, task.output])).toEqual([
      ['a', 'A1'],
      ['b', 'B2'],
      ['a', 'A3']
    ])
    expect(llm.requestsTo('a')[0].messages[1].content).not.toContain('context you\'re working with')
    expect(llm.requestsTo('b')[0].messages[1].content).toContain('Output of task first:\nA1')
    const third = llm.requestsTo('a')[1].messages[1].content
    expect(third).toContain('Output of task first:\nA1')
    expect(third).not.toContain('B2')
  })

  it('lets an agent that allows delegation hand work to a coworker', async () => {
    const llm = scriptedLlm({
      lead: [
        { match: '^Current Task: Plan', toolCall: { name: 'delegate_task', arguments: { agent: 'helper', task: 'List two steps' } } },
        { match: '^Steps: (.*)$', reply: 'Plan: $1' }
      ],
      helper: [{ match: '^Current Task: List two steps', reply: 'Steps: dig, swim' }]
    })
    const services = recordingServices({ llm })
    const definition = crew({
      agents: [agent({ name: 'Lead', allowDelegation: true }), agent({ name: 'Helper' })],
      tasks: [{ id: 'plan', description: 'Plan the day', expectedOutput: 'A plan', agentId: 'lead' }]
    })

    const result = await runCrew({ crew: definition, inputs: {}, services })

    expect(result.text).toBe('Plan: dig, swim')
    expect(services.steps().filter((event) => event.type === 'delegation').map((event) => event.data)).toEqual([
      { from: 'Lead', to: 'Helper', task: 'List two steps', kind: 'task' }
    ])
    expect(result.usage.promptTokens).toBe(llm.results.reduce((sum, answer) => sum + answer.usage.promptTokens, 0))
  })

  it('refuses a crew that cannot run, naming every problem, before any LLM call', async () => {
    const llm = scriptedLlm({})
    const definition = crew({
      agents: [writer],
      tasks: [
        { id: 'one', description: 'x', expectedOutput: 'x', agentId: 'ghost' },
        { id: 'two', description: 'x', expectedOutput: 'x', context: ['three'] },
        { id: 'three', description: 'x', expectedOutput: 'x' }
      ]
    })
    await expect(runCrew({ crew: definition, inputs: {}, services: recordingServices({ llm }) })).rejects.toThrow(
      'Crew Test crew cannot run: task one is assigned to agent ghost, which is not in the crew; task two takes context from task three, which does not run before it'
    )
    expect(llm.requests).toEqual([])
  })
})
