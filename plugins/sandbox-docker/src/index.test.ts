import { isPlugin } from '@troupe/sdk/plugin'
import { describe, expect, it } from 'vitest'
import plugin, { dockerToolRuntime, RunningTools } from './index.js'

const limits = { timeoutMs: 1_000, memoryMb: 64, maxOutputBytes: 10_000 }

describe('plugin', () => {
  it('contributes the Docker tool runtime, keeps its calls in flight as its state and stops them at teardown', async () => {
    expect(isPlugin(plugin)).toBe(true)
    expect(plugin).toMatchObject({ id: 'sandbox-docker', version: '0.1.0', apiVersion: '^2.0.0' })
    const running = (await plugin.setup!({} as never)) as RunningTools
    expect(running).toBeInstanceOf(RunningTools)
    const controller = new AbortController()
    let settle!: () => void
    running.calls.add({ controller, done: new Promise<void>((resolve) => (settle = resolve)) })
    controller.signal.addEventListener('abort', () => settle())
    await plugin.teardown!(running)
    expect(controller.signal.aborted).toBe(true)
    expect(plugin.contributes?.toolRuntimes).toEqual([dockerToolRuntime])
    expect(dockerToolRuntime).toMatchObject({ id: 'sandbox-docker', displayName: 'Docker sandbox', languages: ['javascript', 'python'] })
  })
})

// Refusals that happen before any container is created, so they need no Docker engine.
describe('dockerToolRuntime refuses before creating a container', () => {
  it('another language', async () => {
    await expect(dockerToolRuntime.run({ code: 'puts 1', language: 'ruby', args: {}, limits }, {})).rejects.toThrow(
      'The Docker sandbox runs javascript, python, not ruby'
    )
  })

  it('an allow-list without an egress network', async () => {
    const request = { code: 'export default () => 1', language: 'javascript', args: {}, limits, allowedHosts: ['api.example.com'] }
    await expect(dockerToolRuntime.run(request, {})).rejects.toThrow('set TROUPE_SANDBOX_EGRESS_NETWORK')
  })

  it('arguments that are not JSON', async () => {
    const request = { code: 'export default () => 1', language: 'javascript', args: { n: 1n }, limits }
    await expect(dockerToolRuntime.run(request, {})).rejects.toThrow('Tool arguments are not JSON-serializable')
  })

  it('a call aborted already', async () => {
    const request = { code: 'export default () => 1', language: 'javascript', args: {}, limits }
    await expect(dockerToolRuntime.run(request, { signal: AbortSignal.abort() })).rejects.toMatchObject({ name: 'AbortError' })
  })
})
