import { describe, expect, it } from 'vitest'
import { containerOptions, type ContainerPlan } from './container-options.js'
import { sandboxSettings } from './sandbox-settings.js'

const plan: ContainerPlan = {
  name: 'troupe-sandbox-test',
  command: ['node', '-e', 'runner'],
  limits: { timeoutMs: 1_000, memoryMb: 32, maxOutputBytes: 1_000 },
  allowedHosts: [],
  settings: sandboxSettings()
}

describe('containerOptions', () => {
  it('runs the command in the configured image as nobody, with no environment, mounts or entrypoint', () => {
    const options = containerOptions(plan)
    expect(options).toMatchObject({
      name: 'troupe-sandbox-test',
      Image: 'troupe-sandbox:latest',
      Cmd: ['node', '-e', 'runner'],
      Entrypoint: [],
      Env: [],
      User: '65534:65534',
      Labels: { 'troupe.sandbox': '1' },
      Tty: false,
      OpenStdin: true,
      StdinOnce: true
    })
    expect(options.HostConfig).toMatchObject({ Binds: [], Mounts: [], Privileged: false, AutoRemove: false })
    expect(options.Volumes).toBeUndefined()
  })

  it('locks the container down', () => {
    expect(containerOptions(plan).HostConfig).toMatchObject({
      NetworkMode: 'none',
      Memory: 32 * 1024 * 1024,
      MemorySwap: 32 * 1024 * 1024,
      NanoCpus: 1e9,
      PidsLimit: 64,
      ReadonlyRootfs: true,
      Tmpfs: { '/tmp': 'rw,noexec,nosuid,nodev,size=16m' },
      CapDrop: ['ALL'],
      SecurityOpt: ['no-new-privileges']
    })
  })

  it('takes the CPUs from the settings', () => {
    expect(containerOptions({ ...plan, settings: { ...plan.settings, cpus: 0.25 } }).HostConfig?.NanoCpus).toBe(250_000_000)
  })

  it('refuses an allow-list when no egress network is configured', () => {
    expect(() => containerOptions({ ...plan, allowedHosts: ['api.example.com'] })).toThrow(
      'The tool asks for network access (allowedHosts: api.example.com), but the Docker sandbox has no egress network: ' +
        'set TROUPE_SANDBOX_EGRESS_NETWORK to a Docker network that enforces the allow-list'
    )
  })

  it('attaches a tool with an allow-list to the egress network and labels it with the list', () => {
    const options = containerOptions({ ...plan, allowedHosts: ['a.example', 'b.example'], settings: { ...plan.settings, egressNetwork: 'egress' } })
    expect(options.HostConfig?.NetworkMode).toBe('egress')
    expect(options.Labels).toEqual({ 'troupe.sandbox': '1', 'troupe.sandbox.allowed-hosts': 'a.example,b.example' })
  })
})
