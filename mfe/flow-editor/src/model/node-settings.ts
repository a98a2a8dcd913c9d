import type { FlowNode } from '@troupe/sdk'

/** How a node runs, whatever its type: its time limit and its retries (see the executor's runner). */
export type NodeSettings = Pick<FlowNode, 'timeoutMs' | 'retry'>

/** The settings fields, named as the API names them under `nodes.<index>.` in its errors. */
export type SettingsField = 'timeoutMs' | 'retry.max' | 'retry.backoffMs'

/** What the user typed in each settings field (an empty field means "not set"). */
export type SettingsText = Record<SettingsField, string>

/**
 * The executor waits with `setTimeout`, which fires at once past 2^31 - 1 ms (about 24.8 days):
 * larger timeouts and backoffs would end a node immediately instead of never.
 */
export const maxDelayMs = 2_147_483_647
/** The flow contract caps retries (`retry.max`) at 20. */
export const maxRetries = 20

const limits: Record<SettingsField, { min: number; max: number }> = {
  timeoutMs: { min: 1, max: maxDelayMs },
  'retry.max': { min: 0, max: maxRetries },
  'retry.backoffMs': { min: 0, max: maxDelayMs }
}

export function settingsText(node: NodeSettings): SettingsText {
  const text = (value: number | undefined) => (value === undefined ? '' : String(value))
  return { timeoutMs: text(node.timeoutMs), 'retry.max': text(node.retry?.max), 'retry.backoffMs': text(node.retry?.backoffMs) }
}

/** A whole number within the field's limits, `undefined` for an empty field, or why not. */
export function parseSetting(field: SettingsField, raw: string): { value: number | undefined } | { error: string } {
  const text = raw.trim()
  if (text === '') return { value: undefined }
  const value = Number(text)
  if (!Number.isFinite(value)) return { error: 'must be a whole number' }
  if (value < 0) return { error: 'must not be negative' }
  if (!Number.isInteger(value)) return { error: 'must be a whole number' }
  const { min, max } = limits[field]
  if (value < min) return { error: `must be at least ${min}` }
  if (value > max) return { error: `must be at most ${max}` }
  return { value }
}

export interface ParsedSettings {
  /**
   * The settings whose fields are all valid, each key present only then (`undefined` unsets it):
   * a bad retry count does not hold back a good timeout.
   */
  valid: { timeoutMs?: NodeSettings['timeoutMs']; retry?: NodeSettings['retry'] }
  /** Per field, why what the user typed cannot be saved. */
  errors: Partial<Record<SettingsField, string>>
}

/**
 * The node's settings from what the user typed, and the message for each field that is wrong.
 * Empty fields unset their setting; a backoff needs a number of retries to apply to.
 */
export function parseSettings(text: SettingsText): ParsedSettings {
  const errors: Partial<Record<SettingsField, string>> = {}
  const values: Partial<Record<SettingsField, number>> = {}
  for (const field of Object.keys(limits) as SettingsField[]) {
    const parsed = parseSetting(field, text[field])
    if ('error' in parsed) errors[field] = parsed.error
    else if (parsed.value !== undefined) values[field] = parsed.value
  }
  if (values['retry.backoffMs'] !== undefined && values['retry.max'] === undefined && !errors['retry.max']) {
    errors['retry.max'] = 'is needed for a backoff: how many times to retry'
  }
  const valid: ParsedSettings['valid'] = {}
  if (!errors.timeoutMs) valid.timeoutMs = values.timeoutMs
  if (!errors['retry.max'] && !errors['retry.backoffMs']) {
    const max = values['retry.max']
    const backoffMs = values['retry.backoffMs']
    valid.retry = max === undefined ? undefined : { max, ...(backoffMs === undefined ? {} : { backoffMs }) }
  }
  return { valid, errors }
}
