import { readFileSync } from 'node:fs'

/** Linux counts CPU time in clock ticks of 1/100 s on every architecture Node runs on (USER_HZ). */
const ticksPerSecond = 100

/**
 * The CPU time (user + system) another process has used, in milliseconds, read from
 * `/proc/<pid>/stat`; `undefined` where there is no such file (not Linux, or the process is gone).
 */
export function processCpuMs(pid: number): number | undefined {
  let stat: string
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
  } catch {
    return undefined
  }
  // The command name may hold spaces and parentheses: the fields are counted after its last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  const user = Number(fields[11])
  const system = Number(fields[12])
  return Number.isFinite(user) && Number.isFinite(system) ? ((user + system) * 1000) / ticksPerSecond : undefined
}
