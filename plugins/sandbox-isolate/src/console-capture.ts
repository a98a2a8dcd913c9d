import { Scope, type QuickJSContext } from 'quickjs-emscripten'
import { byteLength } from './limits.js'

/** The lines a tool logs, up to a byte budget; past it nothing more is kept and the run must fail. */
export class LogCapture {
  readonly lines: string[] = []
  overflowed = false
  private bytes = 0

  constructor(private readonly maxBytes: number) {}

  append(line: string): void {
    if (this.overflowed) return
    this.bytes += byteLength(line)
    if (this.bytes > this.maxBytes) this.overflowed = true
    else this.lines.push(line)
  }
}

// Built inside the VM so formatting runs under the VM's limits; `emit` stays in the closure, off globalThis.
// Like console: strings as they are, anything else as JSON, or String() where JSON has no form for it.
const consoleFactory = `(emit) => {
  const stringify = JSON.stringify
  const format = (value) => {
    if (typeof value === 'string') return value
    try {
      const json = stringify(value)
      if (json !== undefined) return json
    } catch {}
    return String(value)
  }
  const write = (...values) => { emit(values.map(format).join(' ')) }
  return { log: write, info: write, warn: write, error: write }
}`

/** Gives the context a `console` whose log, info, warn and error append to `capture`. */
export function installConsole(context: QuickJSContext, capture: LogCapture): void {
  Scope.withScope((scope) => {
    const emit = scope.manage(context.newFunction('emit', (line) => void capture.append(context.getString(line))))
    const factory = scope.manage(context.unwrapResult(context.evalCode(consoleFactory, 'console.js', { type: 'global' })))
    const console = scope.manage(context.unwrapResult(context.callFunction(factory, context.undefined, emit)))
    context.setProp(context.global, 'console', console)
  })
}
