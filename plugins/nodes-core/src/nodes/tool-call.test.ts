import { describe, expect, it } from 'vitest'
import type { ToolClient } from '@troupe/sdk/plugin'
import { runNode } from '@troupe/sdk/plugin/testing'
import { toolCallNode } from './tool-call.js'

function recordingTools(answer: (name: string, args: Record<string, unknown>) => unknown) {
  const calls: Array<{ name: string; args: Record<string, unknown>; signal?: AbortSignal }> = []
  const tools: ToolClient = {
    describe: async (name) => ({ id: name, name, description: '', inputSchema: { type: 'object' } }),
    call: async (name, args, options) => {
      calls.push({ name, args, signal: options?.signal })
      return { result: answer(name, args), logs: ['ran once'], durationMs: 3 }
    }
  }
  return { tools, calls }
}

describe('tool.call', () => {
  it("calls the tool with its args and the node's signal, and outputs the result", async () => {
    const { tools, calls } = recordingTools((_name, args) => (args.a as number) + (args.b as number))
    const signal = new AbortController().signal
    const run = await runNode(toolCallNode, { params: { toolId: 'adder', args: { a: 2, b: 3 } }, tools, signal })
    expect(run.output).toBe(5)
    expect(calls).toEqual([{ name: 'adder', args: { a: 2, b: 3 }, signal }])
    expect(run.logs.filter((log) => log.level === 'info').map((log) => log.message)).toEqual(['ran once'])
  })

  it('calls with no args as an empty object', async () => {
    const { tools, calls } = recordingTools(() => 'ok')
    await runNode(toolCallNode, { params: { toolId: 'ping' }, tools })
    expect(calls[0].args).toEqual({})
  })

  it('fails with the error of the tool', async () => {
    const tools: ToolClient = {
      describe: async () => { throw new Error('unused') },
      call: async () => { throw Object.assign(new Error('HTTP 500 from api.example.com'), { name: 'ToolCallError' }) }
    }
    await expect(runNode(toolCallNode, { params: { toolId: 'x' }, tools })).rejects.toThrow('HTTP 500 from api.example.com')
  })

  it('needs a tool id', async () => {
    await expect(runNode(toolCallNode, { params: {} as never })).rejects.toThrow(/toolId/)
  })
})
