import { describe, expect, it } from 'vitest'
import { runCrew } from './run-crew.js'
import { agent, crew } from './testing/definitions.js'
import { recordingServices, type RecordingServices } from './testing/recording-services.js'
import { scriptedLlm } from './testing/scripted-llm.js'

const researcher = agent({ name: 'Researcher', role: 'Senior researcher' })
const writer = agent({ name: 'Writer', role: "Children's author" })
const reportTask = { id: 'report', description: 'Write a short report about otters', expectedOutput: 'One paragraph' }

const delegations = (services: RecordingServices) => services.events.filter((event) => event.type === 'delegation').map((event) => event.data)
const toolNames = (request: { tools?: Array<{ name: string }> }) => request.tools?.map((tool) => tool.name)

describe('runCrew, hierarchical', () => {
  it('has the built-in manager delegate to two agents (by name and by role) and give the final answer', async () => {
    const llm = scriptedLlm(
      {
        boss: [
          {
            match: '^Current Task: Write a short report about otters',
            toolCall: { name: 'delegate_task', arguments: { agent: 'Researcher', task: 'Find one fact about otters', context: 'The report is for kids' } }
          },
          { match: '^Fact: ', toolCall: { name: 'delegate_task', arguments: { agent: "children's AUTHOR", task: 'Write one sentence from: otters hold hands' } } },
          { match: '^Sentence: (.*)$', reply: 'Report: $1' }
        ],
        researcher: [{ match: "^Current Task: Find one fact about otters[\\s\\S]*context you're working with:\\nThe report is for kids", reply: 'Fact: otters hold hands.' }],
        writer: [{ match: '^Current Task: Write one sentence', reply: 'Sentence: Otters hold hands while they sleep.' }]
      },
      { costUsdPerCall: 0.125 }
    )
    const services = recordingServices({ llm })
    const definition = crew({ process: 'hierarchical', managerProviderId: 'boss', agents: [researcher, writer], tasks: [reportTask] })

    const result = await runCrew({ crew: definition, inputs: {}, services })

    expect(result).toEqual({
      text: 'Report: Otters hold hands while they sleep.',
      tasks: [{ taskId: 'report', agentId: null, output: 'Report: Otters hold hands while they sleep.' }],
      usage: {
        promptTokens: llm.results.reduce((sum, answer) => sum + answer.usage.promptTokens, 0),
        completionTokens: llm.results.reduce((sum, answer) => sum + answer.usage.completionTokens, 0),
        costUsd: 0.625
      }
    })
    expect(delegations(services)).toEqual([
      { from: 'Crew Manager', to: 'Researcher', task: 'Find one fact about otters', kind: 'task' },
      { from: 'Crew Manager', to: 'Writer', task: 'Write one sentence from: otters hold hands', kind: 'task' }
    ])
    expect(services.steps().map((event) => event.type)).toEqual([
      'task.started',
      'tool.call',
      'delegation',
      'tool.result',
      'tool.call',
      'delegation',
      'tool.result',
      'task.completed'
    ])
    const managerRequest = llm.requestsTo('boss')[0]
    expect(toolNames(managerRequest)).toEqual(['delegate_task', 'ask_question'])
    expect(managerRequest.messages[0].content).toMatch(/^You are Crew Manager\. You are a seasoned manager/)
    expect(llm.requestsTo('researcher')[0].tools).toBeUndefined()
  })

  it('fails the run with a clear error when the manager keeps delegating', async () => {
    const llm = scriptedLlm({
      boss: [{ match: '', toolCall: { name: 'delegate_task', arguments: { agent: 'Researcher', task: 'Dig deeper' } } }],
      researcher: [{ match: '', reply: 'More facts.' }]
    })
    const services = recordingServices({ llm })
    const definition = crew({ process: 'hierarchical', managerProviderId: 'boss', agents: [researcher, writer], tasks: [reportTask] })

    await expect(runCrew({ crew: definition, inputs: {}, services })).rejects.toThrow(
      'Delegation limit reached (10 delegations): the manager keeps delegating without finishing'
    )
    expect(delegations(services)).toHaveLength(10)
    expect(llm.requestsTo('boss')).toHaveLength(11)
  })

  it('answers a delegation to an unknown agent with an observation listing the valid names', async () => {
    const llm = scriptedLlm({
      boss: [
        { match: '^Current Task:', toolCall: { name: 'delegate_task', arguments: { agent: 'Ghost', task: 'Haunt the house' } } },
        { match: '^Error: there is no coworker named "Ghost"\\. Choose one of: (.*)$', reply: 'I can only ask $1.' }
      ]
    })
    const services = recordingServices({ llm })
    const definition = crew({ process: 'hierarchical', managerProviderId: 'boss', agents: [researcher, writer], tasks: [reportTask] })

    const result = await runCrew({ crew: definition, inputs: {}, services })

    expect(result.text).toBe('I can only ask Researcher, Writer.')
    expect(delegations(services)).toEqual([])
    expect(services.events.find((event) => event.type === 'tool.result')?.data.error).toBe(
      'there is no coworker named "Ghost". Choose one of: Researcher, Writer'
    )
  })

  it('lets a custom manager ask a question, and a delegated agent delegate once more but no deeper', async () => {
    const llm = scriptedLlm({
      boss: [
        { match: '^Current Task:', toolCall: { name: 'ask_question', arguments: { agent: 'Researcher', question: 'What do otters eat?' } } },
        { match: '^Answer: (.*)$', reply: 'Final: $1' }
      ],
      researcher: [
        { match: '^Current Task: What do otters eat\\?', toolCall: { name: 'delegate_task', arguments: { agent: 'Writer', task: 'Look up the otter diet' } } },
        { match: '^Diet: (.*)$', reply: 'Answer: $1' }
      ],
      writer: [{ match: '', reply: 'Diet: fish and crabs' }]
    })
    const services = recordingServices({ llm })
    const boss = agent({ name: 'Boss' })
    const definition = crew({
      process: 'hierarchical',
      manager: boss,
      agents: [boss, { ...researcher, allowDelegation: true }, { ...writer, allowDelegation: true }],
      tasks: [reportTask]
    })

    const result = await runCrew({ crew: definition, inputs: {}, services })

    expect(result.text).toBe('Final: fish and crabs')
    expect(result.tasks[0].agentId).toBe('boss')
    expect(delegations(services)).toEqual([
      { from: 'Boss', to: 'Researcher', task: 'What do otters eat?', kind: 'question' },
      { from: 'Researcher', to: 'Writer', task: 'Look up the otter diet', kind: 'task' }
    ])
    expect(llm.requestsTo('boss')[0].tools?.[0].description).toBe(
      "Delegate a task to one of your coworkers (Researcher (Senior researcher), Writer (Children's author)) and get their final answer back."
    )
    const researcherTools = llm.requestsTo('researcher')[0].tools
    expect(toolNames({ tools: researcherTools })).toEqual(['delegate_task', 'ask_question'])
    expect(researcherTools?.[0].description).toBe("Delegate a task to one of your coworkers (Writer (Children's author)) and get their final answer back.")
    expect(llm.requestsTo('writer')[0].tools).toBeUndefined()
  })

  it("reports a coworker that cannot finish to the manager, counting the coworker's usage", async () => {
    const llm = scriptedLlm({
      boss: [
        { match: '^Current Task:', toolCall: { name: 'delegate_task', arguments: { agent: 'Researcher', task: 'Find facts' } } },
        { match: '^Error: Researcher could not finish: (.*)$', reply: 'Gave up: $1' }
      ],
      researcher: [{ match: '', toolCall: { name: 'browse', arguments: {} } }]
    })
    const services = recordingServices({ llm })
    const definition = crew({
      process: 'hierarchical',
      managerProviderId: 'boss',
      agents: [{ ...researcher, maxIterations: 2 }, writer],
      tasks: [reportTask]
    })

    const result = await runCrew({ crew: definition, inputs: {}, services })

    expect(result.text).toBe('Gave up: Agent Researcher reached its maxIterations (2) without a final answer')
    expect(llm.requestsTo('researcher')).toHaveLength(2)
    expect(result.usage.promptTokens).toBe(llm.results.reduce((sum, answer) => sum + answer.usage.promptTokens, 0))
  })
})
