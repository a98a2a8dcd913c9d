import { describe, expect, it } from 'vitest'
import { sandboxSettings } from './sandbox-settings.js'

describe('sandboxSettings', () => {
  it('defaults to troupe-sandbox:latest, one CPU and no egress network', () => {
    expect(sandboxSettings({})).toEqual({ image: 'troupe-sandbox:latest', cpus: 1, egressNetwork: undefined })
  })

  it('reads the image, the CPUs and the egress network from the environment', () => {
    const env = { TROUPE_SANDBOX_IMAGE: 'tools:2', TROUPE_SANDBOX_CPUS: '0.5', TROUPE_SANDBOX_EGRESS_NETWORK: 'egress' }
    expect(sandboxSettings(env)).toEqual({ image: 'tools:2', cpus: 0.5, egressNetwork: 'egress' })
  })

  it('ignores blank and unusable values', () => {
    expect(sandboxSettings({ TROUPE_SANDBOX_IMAGE: ' ', TROUPE_SANDBOX_CPUS: 'lots', TROUPE_SANDBOX_EGRESS_NETWORK: '' })).toEqual(sandboxSettings({}))
    expect(sandboxSettings({ TROUPE_SANDBOX_CPUS: '-2' }).cpus).toBe(1)
  })
})
