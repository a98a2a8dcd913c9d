import { readFileSync } from 'node:fs'

const runnerSource = (file: string) => readFileSync(new URL(`./runners/${file}`, import.meta.url), 'utf8')

// The runners travel in the command line, not in the image: any image with `node` or `python3`
// on its PATH works, and the protocol cannot drift from the plugin's version.
const commands: Record<string, string[]> = {
  javascript: ['node', '--input-type=module', '-e', runnerSource('javascript-runner.mjs')],
  python: ['python3', '-I', '-c', runnerSource('python-runner.py')]
}

/** The languages a runner exists for. */
export const runnerLanguages = Object.keys(commands)

/**
 * The container command that runs a tool in `language`: it reads `{ code, args, marker }` as one
 * JSON line on stdin and ends its stdout with `marker` + the JSON of `{ result }` or `{ error }`.
 */
export function runnerCommand(language: string): string[] {
  const command = commands[language]
  if (!command) throw new Error(`The Docker sandbox runs ${runnerLanguages.join(', ')}, not ${language}`)
  return command
}
