import type { ToolRuntime } from '@troupe/sdk/plugin'
import { dockerClient, engineAvailable } from './docker-engine.js'
import { resolveLimits } from './limits.js'
import { runInContainer } from './run-in-container.js'
import { runnerLanguages } from './runner-command.js'
import { sandboxSettings } from './sandbox-settings.js'

/** Calls in flight, so that shutting down can stop their containers. */
const inFlight = new Set<{ controller: AbortController; done: Promise<unknown> }>()

/**
 * Code tools in JavaScript or Python, each call in a fresh locked-down container (no network, no
 * host files or environment, bounded time, memory, CPU, processes and output), removed afterwards.
 */
export const dockerToolRuntime: ToolRuntime = {
  id: 'sandbox-docker',
  displayName: 'Docker sandbox',
  languages: runnerLanguages,

  /** A Docker engine answers and the sandbox image is there (see `TROUPE_SANDBOX_IMAGE`). */
  available: () => engineAvailable(sandboxSettings().image),

  async run(request, { signal } = {}) {
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
      settings: sandboxSettings(),
      signal: signal ? AbortSignal.any([signal, controller.signal]) : controller.signal
    })
    const call = { controller, done }
    inFlight.add(call)
    try {
      const { result, logs } = await done
      return { result, logs, durationMs: performance.now() - started }
    } finally {
      inFlight.delete(call)
    }
  }
}

/** Aborts every call in flight and waits until their containers are gone. */
export async function stopRunningTools(): Promise<void> {
  const calls = [...inFlight]
  for (const { controller } of calls) controller.abort(new Error('The Docker sandbox is shutting down'))
  await Promise.allSettled(calls.map(({ done }) => done))
}
