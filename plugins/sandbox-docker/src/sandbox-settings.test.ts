import { describe, expect, it } from 'vitest'
import { sandboxSettings } from './sandbox-settings.js'

describe('sandboxSettings', () => {
  it('defaults to troupe-sandbox:latest, one CPU and no egress network', () => {
    expect(sandboxSettings()).toEqual({ image: 'troupe-sandbox:latest', cpus: 1, egressNetwork: undefined })
  })

  it('takes the image, the CPUs and the egress network the host read, trimmed', () => {
    expect(sandboxSettings({ image: ' tools:2 ', cpus: 0.5, egressNetwork: 'egress' })).toEqual({ image: 'tools:2', cpus: 0.5, egressNetwork: 'egress' })
  })
})
