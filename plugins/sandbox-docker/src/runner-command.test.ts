import { spawn, spawnSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { OutputCollector } from './output-collector.js'
import { readOutcome } from './read-outcome.js'
import { runnerCommand, runnerLanguages } from './runner-command.js'

// The runners are plain Node and Python programs: these tests run them on the host, without Docker,
// through the same output parsing the container runs use.
const limits = { timeoutMs: 5_000, memoryMb: 64, maxOutputBytes: 10_000 }
const marker = '@@test-marker@@'

async function runOnHost(language: string, code: string, args: Record<string, unknown> = {}) {
  const [program, ...rest] = runnerCommand(language)
  const child = spawn(program, rest, { stdio: ['pipe', 'pipe', 'pipe'] })
  const output = new OutputCollector(marker, limits.maxOutputBytes)
  child.stdout.on('data', (chunk: Buffer) => output.push('stdout', chunk))
  child.stderr.on('data', (chunk: Buffer) => output.push('stderr', chunk))
  child.stdin.end(`${JSON.stringify({ code, args, marker })}\n`)
  const exitCode = await new Promise<number>((resolve) => child.on('close', (code) => resolve(code ?? -1)))
  output.finish()
  const end = { exitCode, oomKilled: false, report: output.report, stderrTail: output.stderrTail }
  return { result: () => readOutcome(end, limits), logs: output.logs }
}

const hasPython = spawnSync('python3', ['--version']).status === 0

describe('runnerCommand', () => {
  it('has a runner for JavaScript and Python, and refuses other languages', () => {
    expect(runnerLanguages).toEqual(['javascript', 'python'])
    expect(runnerCommand('javascript').slice(0, 3)).toEqual(['node', '--input-type=module', '-e'])
    expect(runnerCommand('python').slice(0, 3)).toEqual(['python3', '-I', '-c'])
    expect(() => runnerCommand('ruby')).toThrow('The Docker sandbox runs javascript, python, not ruby')
  })
})

describe('the JavaScript runner', () => {
  it('calls the default export with the arguments and keeps console output as logs', async () => {
    const run = await runOnHost('javascript', 'export default async ({ a, b }) => { console.log("adding", a, b); console.error({ a }); return a + b }', { a: 2, b: 3 })
    expect(run.result()).toBe(5)
    expect(run.logs).toEqual(['adding 2 3', '{"a":2}'])
  })

  it('can import Node built-ins', async () => {
    expect((await runOnHost('javascript', 'import { EOL } from "node:os"; export default () => EOL')).result()).toBe('\n')
  })

  it('reports syntax errors, thrown errors, a missing default export and results that are not JSON', async () => {
    await expect(runOnHost('javascript', 'export default (').then((run) => run.result())).rejects.toThrow('Invalid tool code: SyntaxError:')
    await expect(runOnHost('javascript', 'export default () => { throw new RangeError("too far") }').then((run) => run.result())).rejects.toThrow(
      'Tool error: RangeError: too far'
    )
    await expect(runOnHost('javascript', 'export default () => Promise.reject("nope")').then((run) => run.result())).rejects.toThrow('Tool error: nope')
    await expect(runOnHost('javascript', 'export const x = 1').then((run) => run.result())).rejects.toThrow(
      'Tool code must export a default function; its default export is undefined'
    )
    await expect(runOnHost('javascript', 'export default () => 1n').then((run) => run.result())).rejects.toThrow('Tool result is not JSON-serializable:')
  })

  it('reports an error thrown later from a callback, and exits without waiting for timers', async () => {
    const run = await runOnHost('javascript', 'export default () => new Promise(() => { setTimeout(() => { throw new Error("late") }, 10) })')
    expect(run.result).toThrow('Tool error: late')
    expect((await runOnHost('javascript', 'export default () => { setInterval(() => {}, 1000); return "done" }')).result()).toBe('done')
  })

  it('gives undefined back as null', async () => {
    expect((await runOnHost('javascript', 'export default () => undefined')).result()).toBeNull()
  })
})

describe.skipIf(!hasPython)('the Python runner', () => {
  it('calls main with the arguments and keeps print output as logs', async () => {
    const run = await runOnHost('python', 'def main(args):\n    print("adding", args["a"], args["b"])\n    return args["a"] + args["b"]', { a: 2, b: 3 })
    expect(run.result()).toBe(5)
    expect(run.logs).toEqual(['adding 2 3'])
  })

  it('awaits an async main', async () => {
    expect((await runOnHost('python', 'async def main(args):\n    return [args["x"]] * 2', { x: 'y' })).result()).toEqual(['y', 'y'])
  })

  it('reports syntax errors, exceptions, a missing main, results that are not JSON and running out of memory', async () => {
    const outcome = (code: string) => runOnHost('python', code).then((run) => run.result())
    await expect(outcome('def main(args) return 1')).rejects.toThrow('Invalid tool code: SyntaxError:')
    await expect(outcome('def main(args):\n    raise ValueError("bad value")')).rejects.toThrow('Tool error: ValueError: bad value')
    await expect(outcome('x = 1')).rejects.toThrow('Tool code must define a function main(args); it defines none')
    await expect(outcome('main = 3')).rejects.toThrow('Tool code must define a function main(args); main is a int')
    await expect(outcome('def main(args):\n    return {1, 2}')).rejects.toThrow('Tool result is not JSON-serializable: Object of type set is not JSON serializable')
    await expect(outcome('def main(args):\n    return float("nan")')).rejects.toThrow('Tool result is not JSON-serializable:')
    await expect(outcome('def main(args):\n    raise MemoryError()')).rejects.toThrow('Tool ran out of memory (memoryMb limit of 64 MB)')
  })
})
