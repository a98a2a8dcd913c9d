/**
 * The plugin's own configuration: the host reads each property from `TROUPE_TICKER_<NAME>`
 * (`TROUPE_TICKER_MIN_INTERVAL_SECONDS=60`), fills in the default, and refuses to start on a
 * value that does not fit, naming the variable.
 */
export const tickerSettingsSchema = {
  type: 'object',
  properties: {
    minIntervalSeconds: { type: 'integer', minimum: 1, maximum: 86_400, default: 1, description: 'The shortest interval a flow may tick at' }
  },
  additionalProperties: false
}

export interface TickerSettings {
  minIntervalSeconds: number
}
