import { readFileSync } from 'node:fs'

/** Linux counts CPU time in clock ticks of 1/100 s on every architecture Node runs on (USER_HZ). */
const ticksPerSecond = 100

/**
 * The CPU time (user + system) another process has used, in milliseconds, read from
 * `/proc/<pid>/stat`; `undefined` where there is no such file (not Linux, or the process is gone).
 */
export function processCpuMs(pid: number): number | undefined {
  return statMs(pid, 11)
}

/**
 * The CPU time of this process's children that have ended and been reaped, in milliseconds: where
 * a child's CPU can still be read once it is gone. `undefined` where there is no `/proc`.
 */
export function endedChildrenCpuMs(): number | undefined {
  return statMs('self', 13)
}

/** Two consecutive tick counters of `/proc/<pid>/stat` from field `first` (after the command name), summed, in ms. */
function statMs(pid: number | 'self', first: number): number | undefined {
  let stat: string
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
  } catch {
    return undefined
  }
  // The command name may hold spaces and parentheses: the fields are counted after its last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  const user = Number(fields[first])
  const system = Number(fields[first + 1])
  return Number.isFinite(user) && Number.isFinite(system) ? ((user + system) * 1000) / ticksPerSecond : undefined
}
