import { describe, expect, it } from 'vitest'
import { OutputCollector, type OutputOverflow } from './output-collector.js'

const marker = '@@m@@'
const collect = (maxOutputBytes = 1_000) => {
  const overflows: OutputOverflow[] = []
  const output = new OutputCollector(marker, maxOutputBytes, (overflow) => overflows.push(overflow))
  const push = (stream: 'stdout' | 'stderr', text: string) => output.push(stream, Buffer.from(text))
  return { output, overflows, push }
}

describe('OutputCollector', () => {
  it('keeps stdout and stderr lines as logs, in the order they arrive, and takes the report after the marker', () => {
    const { output, push } = collect()
    push('stdout', 'one\ntw')
    push('stderr', 'warning\n')
    push('stdout', `o\n${marker}{"result":3}\n`)
    output.finish()
    expect(output.logs).toEqual(['one', 'warning', 'two'])
    expect(output.report).toBe('{"result":3}')
    expect(output.overflow).toBeUndefined()
  })

  it('splits a report off text the tool left without a newline', () => {
    const { output, push } = collect()
    push('stdout', `partial${marker}{"result":1}\n`)
    expect(output.logs).toEqual(['partial'])
    expect(output.report).toBe('{"result":1}')
  })

  it('finds a marker split across chunks, and never on stderr', () => {
    const { output, push } = collect()
    push('stderr', `${marker}{"result":"fake"}\n`)
    push('stdout', '@@')
    push('stdout', 'm@@{"result":2}\n')
    expect(output.report).toBe('{"result":2}')
    expect(output.logs).toEqual([`${marker}{"result":"fake"}`])
  })

  it('keeps lines that never got a newline when it finishes', () => {
    const { output, push } = collect()
    push('stdout', 'no newline')
    push('stderr', 'crash')
    output.finish()
    expect(output.logs).toEqual(['no newline', 'crash'])
    expect(output.stderrTail).toBe('crash')
  })

  it('keeps UTF-8 split across chunks intact', () => {
    const { output } = collect()
    const bytes = Buffer.from('é€😀\n')
    output.push('stdout', bytes.subarray(0, 3))
    output.push('stdout', bytes.subarray(3))
    expect(output.logs).toEqual(['é€😀'])
  })

  it('reports a logs overflow once and keeps nothing more', () => {
    const { output, overflows, push } = collect(10)
    push('stdout', '12345\n')
    push('stdout', '678901\n')
    push('stdout', 'more\n')
    expect(overflows).toEqual(['logs'])
    expect(output.logs).toEqual(['12345'])
  })

  it('sees a log line outgrow the cap before it ends', () => {
    const { overflows, push } = collect(10)
    push('stderr', 'x'.repeat(11))
    expect(overflows).toEqual(['logs'])
  })

  it('sees a result line outgrow the cap before it ends', () => {
    const { output, overflows, push } = collect(100)
    push('stdout', `${marker}{"result":"${'x'.repeat(200)}`)
    expect(overflows).toEqual(['result'])
    expect(output.report).toBeUndefined()
  })

  it('does not count the report against the logs', () => {
    const { output, overflows, push } = collect(20)
    push('stdout', `${marker}{"result":"${'x'.repeat(20)}"}\n`)
    expect(overflows).toEqual([])
    expect(output.report).toBe(`{"result":"${'x'.repeat(20)}"}`)
  })
})
