import { formatBytes, jsonSize } from '../persistence/json-size.js'

/** How far past the limit an output is measured, to say how large it is; beyond, it is "more than". */
const measuredUpTo = 8

/**
 * Throws when `output` is larger, as JSON, than a node may produce: such an output fails its node
 * before anything tries to store it (it would be stored three times: the node's state, its event
 * and the next node's input). The walk is bounded, so a huge or self-containing output costs at
 * most `measuredUpTo` times the limit.
 */
export function checkOutputSize(output: unknown, maxBytes: number): void {
  const ceiling = maxBytes * measuredUpTo
  const bytes = jsonSize(output, ceiling)
  if (bytes <= maxBytes) return
  const size = bytes > ceiling ? `more than ${formatBytes(ceiling)}` : `about ${formatBytes(bytes)}`
  throw new Error(`its output is ${size} as JSON, more than the ${formatBytes(maxBytes)} a node may produce`)
}
