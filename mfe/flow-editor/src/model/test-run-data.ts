import type { PinnedOutputs } from '@troupe/sdk'

/**
 * The outputs a test of `nodeId` is sent (`pinnedOutputs` of `POST /executions`): what the last
 * run here gave every other node that succeeded, overridden by the nodes' pins. The server runs
 * only the tested node, on what feeds it, and carries the others on, so the next test still has
 * them.
 */
export function testRunOutputs(nodeId: string, lastRuns: ReadonlyArray<{ nodeId: string; status: string; output?: unknown }>, pins: PinnedOutputs): PinnedOutputs {
  const outputs: PinnedOutputs = {}
  for (const run of lastRuns) if (run.nodeId !== nodeId && run.status === 'succeeded' && run.output !== undefined) outputs[run.nodeId] = run.output
  for (const [pinned, output] of Object.entries(pins)) if (pinned !== nodeId) outputs[pinned] = output
  return outputs
}

/** The text of a value to pin, as the pin editor shows it. */
export const pinText = (value: unknown) => JSON.stringify(value ?? null, null, 2)

/** A pin editor's text read back: the value, or why it cannot be pinned. */
export function readPinText(text: string): { value: unknown } | { error: string } {
  if (text.trim() === '') return { error: 'Write the output as JSON (null for none)' }
  try {
    return { value: JSON.parse(text) as unknown }
  } catch (error) {
    return { error: `Not valid JSON: ${(error as Error).message}` }
  }
}
