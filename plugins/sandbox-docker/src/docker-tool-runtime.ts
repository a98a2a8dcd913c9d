import type { PluginContext, ToolRuntime } from '@troupe/sdk/plugin'
import { dockerClient, engineAvailable } from './docker-engine.js'
import { resolveLimits } from './limits.js'
import { runInContainer } from './run-in-container.js'
import { runnerLanguages } from './runner-command.js'
import { sandboxSettings, type SandboxSettings } from './sandbox-settings.js'

/** The plugin's state: the calls in flight, so that shutting down can stop their containers. */
export class RunningTools {
  readonly calls = new Set<{ controller: AbortController; done: Promise<unknown> }>()

  /** Aborts every call in flight and waits until their containers are gone. */
  async stopAll(): Promise<void> {
    const calls = [...this.calls]
    for (const { controller } of calls) controller.abort(new Error('The Docker sandbox is shutting down'))
    await Promise.allSettled(calls.map(({ done }) => done))
  }
}

const settingsOf = (plugin: PluginContext | undefined) => sandboxSettings(plugin?.settings as Partial<SandboxSettings> | undefined)

/**
 * Code tools in JavaScript or Python, each call in a fresh locked-down container (no network, no
 * host files or environment, bounded time, memory, CPU, processes and output), removed afterwards.
 */
export const dockerToolRuntime: ToolRuntime = {
  id: 'sandbox-docker',
  displayName: 'Docker sandbox',
  languages: runnerLanguages,

  /** A Docker engine answers and the sandbox image is there (the `image` setting). */
  available: (plugin) => engineAvailable(settingsOf(plugin).image),

  async run(request, { signal, plugin } = {}) {
    if (!this.languages.includes(request.language)) {
      throw new Error(`The Docker sandbox runs ${this.languages.join(', ')}, not ${request.language}`)
    }
    const started = performance.now()
    const controller = new AbortController()
    const done = runInContainer({
      docker: dockerClient(),
      language: request.language,
      code: request.code,
      args: request.args,
      limits: resolveLimits(request.limits),
      allowedHosts: request.allowedHosts ?? [],
      settings: settingsOf(plugin),
      signal: signal ? AbortSignal.any([signal, controller.signal]) : controller.signal
    })
    // Tracked for the teardown when a host runs it (its state); a call without a host has none.
    const running = plugin?.state instanceof RunningTools ? plugin.state : undefined
    const call = { controller, done }
    running?.calls.add(call)
    try {
      const { result, logs } = await done
      return { result, logs, durationMs: performance.now() - started }
    } finally {
      running?.calls.delete(call)
    }
  }
}
