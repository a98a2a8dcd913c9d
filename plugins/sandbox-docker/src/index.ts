import { definePlugin } from '@troupe/sdk/plugin'
import { dockerToolRuntime, RunningTools } from './docker-tool-runtime.js'
import { sandboxSettingsSchema, type SandboxSettings } from './sandbox-settings.js'

export { dockerToolRuntime, RunningTools } from './docker-tool-runtime.js'
export { runInContainer, type ContainerRun } from './run-in-container.js'
export { containerOptions, sandboxLabel, type ContainerPlan } from './container-options.js'
export { defaultImage, sandboxSettings, sandboxSettingsSchema, type SandboxSettings } from './sandbox-settings.js'
export { defaultLimits, resolveLimits } from './limits.js'

/** Runs code tools in locked-down Docker containers, one per call; available where a Docker engine and the sandbox image are. */
export default definePlugin<SandboxSettings, RunningTools>({
  id: 'sandbox-docker',
  version: '0.1.0',
  apiVersion: '^2.0.0',
  description: 'Runs JavaScript and Python code tools in a fresh locked-down Docker container per call',
  settings: sandboxSettingsSchema,
  contributes: { toolRuntimes: [dockerToolRuntime] },
  // The state: the calls in flight, stopped (their containers removed) at shutdown.
  setup: () => new RunningTools(),
  teardown: (running) => running?.stopAll()
})
