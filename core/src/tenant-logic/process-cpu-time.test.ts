import { describe, expect, it } from 'vitest'
import { processCpuMs } from './process-cpu-time.js'

describe('processCpuMs', () => {
  it.runIf(process.platform === 'linux')('reads the CPU time of a process, as process.cpuUsage counts it', () => {
    const spin = Date.now() + 150
    while (Date.now() < spin) Math.sqrt(Math.random())
    const own = process.cpuUsage()
    const read = processCpuMs(process.pid)!
    expect(read).toBeGreaterThan(100)
    expect(Math.abs(read - (own.user + own.system) / 1000)).toBeLessThan(100)
  })

  it('answers nothing for a process that does not exist', () => {
    expect(processCpuMs(2 ** 30)).toBeUndefined()
  })
})
