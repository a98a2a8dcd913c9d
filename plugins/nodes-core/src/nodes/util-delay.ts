import type { NodeType } from '@troupe/sdk/plugin'
import { setTimeout as sleep } from 'node:timers/promises'

export interface DelayParams {
  ms: number
}

export const maxDelayMs = 86_400_000

export const utilDelayNode: NodeType<DelayParams> = {
  type: 'util.delay',
  displayName: 'Delay',
  description: 'Waits the given time, then passes its input on unchanged. Cancelling the execution ends the wait.',
  category: 'Utility',
  idempotent: true,
  params: {
    type: 'object',
    properties: {
      ms: {
        type: 'integer',
        minimum: 0,
        maximum: maxDelayMs,
        title: 'Milliseconds',
        description: 'How long to wait, in milliseconds (at most 86,400,000: one day)'
      }
    },
    required: ['ms'],
    additionalProperties: false
  },
  inputs: [{ name: 'main' }],
  outputs: [{ name: 'main' }],
  async execute({ params, input, signal }) {
    // On abort this rejects at once with an AbortError and clears its timer.
    await sleep(params.ms, undefined, { signal })
    return { output: input }
  }
}
