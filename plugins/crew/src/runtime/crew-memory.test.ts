import { describe, expect, it } from 'vitest'
import { summarizeRun } from './crew-memory.js'
import { runCrew } from './run-crew.js'
import { agent, crew } from './testing/definitions.js'
import { inMemoryCrewMemory } from './testing/in-memory-crew-memory.js'
import { recordingServices } from './testing/recording-services.js'
import { scriptedLlm } from './testing/scripted-llm.js'

const tasks = [
  { id: 'research', description: 'Research {topic}', expectedOutput: 'Facts' },
  { id: 'outline', description: 'Outline a talk on {topic}', expectedOutput: 'An outline' },
  { id: 'write', description: 'Write the talk', expectedOutput: 'A talk' }
]
const memories = ['Last time, the audience loved otter puns.', 'Keep talks under five minutes.']

function scripted() {
  return scriptedLlm({
    solo: [
      { match: '^Current Task: Research', reply: 'Otters hold hands.' },
      { match: '^Current Task: Outline', reply: 'Intro, hands, puns.' },
      { match: '^Current Task: Write', reply: 'Otterly amazing talk.' }
    ]
  })
}

describe('crew memory', () => {
  it('recalls memories into every prompt and remembers a summary after the run', async () => {
    const llm = scripted()
    const memory = inMemoryCrewMemory(memories)
    const services = recordingServices({ llm, memory })

    await runCrew({ crew: crew({ memory: true, agents: [agent({ name: 'Solo' })], tasks }), inputs: { topic: 'otters' }, services })

    expect(memory.recalls).toEqual([{ crewId: 'crew-1', query: '{"topic":"otters"}\nResearch otters\nOutline a talk on otters\nWrite the talk', limit: 3 }])
    const prompts = llm.requests.map((request) => request.messages[1].content)
    for (const prompt of prompts) {
      expect(prompt).toContain(
        'Relevant memories from earlier runs:\n- Last time, the audience loved otter puns.\n- Keep talks under five minutes.'
      )
    }
    expect(prompts[2]).toContain('Earlier results in this run:\n- research: Otters hold hands.\n\nOutput of task outline:\nIntro, hands, puns.')
    expect(memory.remembered).toEqual([
      {
        crewId: 'crew-1',
        summary: 'Inputs: {"topic":"otters"}\n- research: Otters hold hands.\n- outline: Intro, hands, puns.\n- write: Otterly amazing talk.'
      }
    ])
  })

  it('does not remember a run that failed', async () => {
    const llm = scriptedLlm({
      solo: [{ match: '^Current Task: Research', reply: 'Otters hold hands.' }],
      stuck: [{ match: '', toolCall: { name: 'nothing', arguments: {} } }]
    })
    const memory = inMemoryCrewMemory(memories)
    const definition = crew({
      memory: true,
      agents: [agent({ name: 'Solo' }), agent({ name: 'Stuck', maxIterations: 1 })],
      tasks: tasks.slice(0, 2)
    })

    await expect(runCrew({ crew: definition, inputs: { topic: 'otters' }, services: recordingServices({ llm, memory }) })).rejects.toThrow(
      'Agent Stuck reached its maxIterations (1) without a final answer'
    )
    expect(memory.recalls).toHaveLength(1)
    expect(memory.remembered).toEqual([])
  })

  it('leaves the store alone for a crew without memory, and shares no earlier results', async () => {
    const llm = scripted()
    const memory = inMemoryCrewMemory(memories)

    await runCrew({ crew: crew({ agents: [agent({ name: 'Solo' })], tasks }), inputs: { topic: 'otters' }, services: recordingServices({ llm, memory }) })

    expect(memory.recalls).toEqual([])
    expect(memory.remembered).toEqual([])
    expect(llm.requests[2].messages[1].content).not.toMatch(/Earlier results|Relevant memories|Otters hold hands/)
  })

  it('keeps the result when the memory cannot be stored, with a warning', async () => {
    const memory = { ...inMemoryCrewMemory(), remember: async () => { throw new Error('database is down') } }
    const services = recordingServices({ llm: scripted(), memory })

    const result = await runCrew({ crew: crew({ memory: true, agents: [agent({ name: 'Solo' })], tasks }), inputs: { topic: 'otters' }, services })

    expect(result.text).toBe('Otterly amazing talk.')
    expect(services.events.at(-1)).toEqual({
      type: 'log',
      data: { level: 'warn', message: 'Crew Test crew could not store its memory of this run: database is down' }
    })
  })

  it('keeps summaries compact', () => {
    const summary = summarizeRun(
      { topic: 'x'.repeat(5000) },
      Array.from({ length: 20 }, (_, index) => ({ taskId: `task-${index}`, agentId: null, output: 'y'.repeat(5000) }))
    )
    expect(summary.length).toBe(2000)
    expect(summary).toMatch(/^Inputs: \{"topic":"x+…\n- task-0: y+…\n- task-1: /)
  })
})
