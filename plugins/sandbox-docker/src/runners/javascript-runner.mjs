// Runs one code tool inside a sandbox container, as `node --input-type=module -e <this file>`.
// Reads one JSON line `{ code, args, marker }` from stdin, imports `code` as an ES module, calls its
// default export with `args` and prints `marker` + `{"result": ...}` or `{"error": {kind, name, message}}`
// as its last stdout line. The console writes to stdout too, one line per call, so logs keep their order.

const write = process.stdout.write.bind(process.stdout)

const show = (value) => {
  if (typeof value === 'string') return value
  try {
    const json = JSON.stringify(value)
    if (json !== undefined) return json
  } catch {
    // falls back to String below
  }
  try {
    return String(value)
  } catch {
    return Object.prototype.toString.call(value)
  }
}

const log = (...values) => void write(`${values.map(show).join(' ')}\n`)
for (const method of ['log', 'info', 'warn', 'error', 'debug']) console[method] = log

let marker = ''

const report = (outcome) => {
  write(`${marker}${JSON.stringify(outcome)}\n`)
  process.exit(0)
}

const fail = (kind, thrown) => {
  const isError = typeof thrown === 'object' && thrown !== null
  const name = isError && typeof thrown.name === 'string' ? thrown.name : undefined
  const message = isError && typeof thrown.message === 'string' ? thrown.message : show(thrown)
  report({ error: { kind, name, message } })
}

process.on('uncaughtException', (error) => fail('call', error))
process.on('unhandledRejection', (error) => fail('call', error))

async function readEnvelope() {
  let text = ''
  process.stdin.setEncoding('utf8')
  for await (const chunk of process.stdin) {
    text += chunk
    if (text.includes('\n')) break
  }
  return JSON.parse(text.split('\n', 1)[0])
}

async function main() {
  const envelope = await readEnvelope()
  marker = envelope.marker

  let tool
  try {
    tool = await import(`data:text/javascript,${encodeURIComponent(envelope.code)}`)
  } catch (error) {
    return fail('load', error)
  }
  if (typeof tool.default !== 'function') {
    return report({ error: { kind: 'export', message: `Tool code must export a default function; its default export is ${typeof tool.default}` } })
  }

  let result
  try {
    result = await tool.default(envelope.args)
  } catch (error) {
    return fail('call', error)
  }

  let line
  try {
    line = JSON.stringify({ result })
  } catch (error) {
    return fail('result', error)
  }
  write(`${marker}${line}\n`)
  process.exit(0)
}

main().catch((error) => fail('input', error))
