import { getQuickJS, type QuickJSContext } from 'quickjs-emscripten'
import { describe, expect, it } from 'vitest'
import { installConsole, LogCapture } from './console-capture.js'

async function withConsole(code: string, maxBytes = 10_000): Promise<LogCapture> {
  const runtime = (await getQuickJS()).newRuntime()
  const context: QuickJSContext = runtime.newContext()
  try {
    const capture = new LogCapture(maxBytes)
    installConsole(context, capture)
    context.unwrapResult(context.evalCode(code, 'test.js', { type: 'global' })).dispose()
    return capture
  } finally {
    context.dispose()
    runtime.dispose()
  }
}

describe('LogCapture', () => {
  it('keeps lines until the byte budget is spent, then flags the overflow', () => {
    const capture = new LogCapture(5)
    capture.append('ab')
    capture.append('é')
    expect(capture).toMatchObject({ lines: ['ab', 'é'], overflowed: false })
    capture.append('xy')
    capture.append('z')
    expect(capture).toMatchObject({ lines: ['ab', 'é'], overflowed: true })
  })
})

describe('installConsole', () => {
  it('formats like console: strings as they are, other values as JSON, the rest with String()', async () => {
    const capture = await withConsole(`
      console.log('plain', 42, { a: [1, 'two'] }, null, true)
      console.info(undefined, 10n, Symbol('s'), () => 1)
      const cyclic = {}; cyclic.self = cyclic
      console.warn(cyclic)
      console.error('done')
    `)
    expect(capture.lines).toEqual(['plain 42 {"a":[1,"two"]} null true', 'undefined 10 Symbol(s) () => 1', '[object Object]', 'done'])
  })

  it('adds only console to globalThis', async () => {
    const runtime = (await getQuickJS()).newRuntime()
    const context = runtime.newContext()
    try {
      const names = (code: string): string[] => context.unwrapResult(context.evalCode(code)).consume((handle) => context.dump(handle))
      const before = names('Object.getOwnPropertyNames(globalThis)')
      installConsole(context, new LogCapture(100))
      const after = names('Object.getOwnPropertyNames(globalThis)')
      expect(after.filter((name) => !before.includes(name))).toEqual(['console'])
      expect(names('Object.keys(console)')).toEqual(['log', 'info', 'warn', 'error'])
    } finally {
      context.dispose()
      runtime.dispose()
    }
  })
})
