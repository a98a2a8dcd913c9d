import os from 'node:os'

// Taken when the bench starts, before it loads the machine itself.
const loadAtStart = os.loadavg()[0]

/** Prints one labelled result line: `label ......... value unit`. */
export function line(label: string, value: number | string, unit = ''): void {
  const text = typeof value === 'number' ? format(value) : value
  console.log(`${label.padEnd(52, ' ')} ${text}${unit ? ` ${unit}` : ''}`)
}

function format(value: number): string {
  if (Math.abs(value) >= 100) return value.toFixed(0)
  if (Math.abs(value) >= 1) return value.toFixed(2)
  return value.toPrecision(3)
}

export function header(title: string): void {
  console.log(`\n== ${title} ==`)
}

/** What the numbers were measured on: the Node version, the cores and how busy they were. */
export function machine(): void {
  const cpus = os.cpus()
  line('machine', `node ${process.version}, ${cpus.length} × ${cpus[0]?.model.trim() ?? 'cpu'}`)
  line('load average (1 min) when the bench started', loadAtStart)
}
