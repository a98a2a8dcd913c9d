import { isPlugin } from '@troupe/sdk/plugin'
import { describe, expect, it } from 'vitest'
import plugin, { quickjsToolRuntime } from './index.js'

const limits = { timeoutMs: 1_000, memoryMb: 32, maxOutputBytes: 10_000 }

describe('quickjsToolRuntime', () => {
  it('is available', async () => {
    await expect(quickjsToolRuntime.available()).resolves.toBe(true)
  })

  it('runs a JavaScript tool and reports result, logs and duration', async () => {
    const outcome = await quickjsToolRuntime.run(
      { code: 'export default ({ name }) => { console.log("greeting", name); return `hello ${name}` }', language: 'javascript', args: { name: 'Ada' }, limits },
      {}
    )
    expect(outcome).toMatchObject({ result: 'hello Ada', logs: ['greeting Ada'] })
    expect(outcome.durationMs).toBeGreaterThan(0)
    expect(outcome.durationMs).toBeLessThan(5_000)
  })

  it('fills limits the request leaves out with the defaults', async () => {
    const request = { code: 'export default () => "x".repeat(1_048_577)', language: 'javascript', args: {}, limits: {} as never }
    await expect(quickjsToolRuntime.run(request, {})).rejects.toThrow('Tool result exceeded the maxOutputBytes cap of 1048576 bytes')
  })

  it('refuses other languages', async () => {
    await expect(quickjsToolRuntime.run({ code: 'print(1)', language: 'python', args: {}, limits }, {})).rejects.toThrow(
      'The embedded sandbox runs javascript, not python'
    )
  })

  it('passes the abort signal on', async () => {
    const signal = AbortSignal.timeout(50)
    const request = { code: 'export default async () => { for(;;) await null }', language: 'javascript', args: {}, limits: { ...limits, timeoutMs: 10_000 } }
    await expect(quickjsToolRuntime.run(request, { signal })).rejects.toMatchObject({ name: 'AbortError' })
  })
})

describe('plugin', () => {
  it('contributes the tool runtime', () => {
    expect(isPlugin(plugin)).toBe(true)
    expect(plugin).toMatchObject({ id: 'sandbox-isolate', version: '0.1.0', apiVersion: '^1.0.0' })
    expect(plugin.contributes?.toolRuntimes).toEqual([quickjsToolRuntime])
    expect(quickjsToolRuntime).toMatchObject({ id: 'sandbox-isolate', displayName: 'Embedded sandbox (QuickJS)', languages: ['javascript'] })
  })
})
