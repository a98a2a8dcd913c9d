import type { ContainerCreateOptions } from 'dockerode'
import type { ToolRunLimits } from '@troupe/sdk/plugin'
import type { SandboxSettings } from './sandbox-settings.js'

/** The label on every container this plugin creates. */
export const sandboxLabel = 'troupe.sandbox'

export interface ContainerPlan {
  /** A fresh, unique name: the container can be removed by it even when its creation went unanswered. */
  name: string
  command: string[]
  limits: ToolRunLimits
  allowedHosts: string[]
  settings: SandboxSettings
}

const mib = 1024 * 1024

/**
 * The locked-down container of one tool call: no network (or only the configured egress network
 * for a tool with an allow-list), bounded memory, CPU and processes, a read-only root with a small
 * non-executable /tmp, no capabilities, the `nobody` user, no environment from the host and no mounts.
 * Stdin stays open for the runner's input.
 */
export function containerOptions({ name, command, limits, allowedHosts, settings }: ContainerPlan): ContainerCreateOptions {
  const memory = Math.floor(limits.memoryMb * mib)
  return {
    name,
    Image: settings.image,
    Cmd: command,
    Entrypoint: [],
    Env: [],
    User: '65534:65534',
    WorkingDir: '/tmp',
    Labels: { [sandboxLabel]: '1', ...(allowedHosts.length ? { [`${sandboxLabel}.allowed-hosts`]: allowedHosts.join(',') } : {}) },
    Tty: false,
    OpenStdin: true,
    StdinOnce: true,
    AttachStdin: true,
    AttachStdout: true,
    AttachStderr: true,
    HostConfig: {
      NetworkMode: networkMode(allowedHosts, settings),
      Memory: memory,
      MemorySwap: memory,
      NanoCpus: Math.round(settings.cpus * 1e9),
      PidsLimit: 64,
      ReadonlyRootfs: true,
      Tmpfs: { '/tmp': 'rw,noexec,nosuid,nodev,size=16m' },
      CapDrop: ['ALL'],
      SecurityOpt: ['no-new-privileges'],
      Privileged: false,
      Binds: [],
      Mounts: [],
      AutoRemove: false
    }
  }
}

/** `none`, unless the tool declares hosts to reach: then the egress network, which must be configured. */
function networkMode(allowedHosts: string[], settings: SandboxSettings): string {
  if (allowedHosts.length === 0) return 'none'
  if (!settings.egressNetwork) {
    throw new Error(
      `The tool asks for network access (allowedHosts: ${allowedHosts.join(', ')}), but the Docker sandbox has no egress ` +
        'network: set TROUPE_SANDBOX_EGRESS_NETWORK to a Docker network that enforces the allow-list'
    )
  }
  return settings.egressNetwork
}
