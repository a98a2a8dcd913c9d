import type { Usage } from './types.js'

export function emptyUsage(): Usage {
  return { promptTokens: 0, completionTokens: 0, costUsd: 0 }
}

/** Adds `more` into `total` in place, so one accumulator can follow a whole task or crew run. */
export function addUsage(total: Usage, more: Usage): void {
  total.promptTokens += more.promptTokens
  total.completionTokens += more.completionTokens
  total.costUsd += more.costUsd
}
