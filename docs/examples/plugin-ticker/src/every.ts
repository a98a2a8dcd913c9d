import type { NodeType, TriggerType } from '@troupe/sdk/plugin'
import type { TickerSettings } from './settings.js'

export interface EveryParams {
  intervalSeconds: number
  payload?: Record<string, unknown>
}

/** The node in the flow: a trigger (`trigger: true`) that passes on what its firing carried. */
export const everyNode: NodeType<EveryParams> = {
  type: 'ticker.every',
  displayName: 'Every N seconds',
  description: 'Starts the flow on a fixed interval, once per interval however many instances run.',
  category: 'Triggers',
  params: {
    type: 'object',
    properties: {
      intervalSeconds: { type: 'integer', minimum: 1, maximum: 86_400, title: 'Interval (seconds)' },
      payload: { type: 'object', title: 'Payload', description: 'Passed to the flow with each firing', additionalProperties: true }
    },
    required: ['intervalSeconds'],
    additionalProperties: false
  },
  inputs: [],
  outputs: [{ name: 'main' }],
  trigger: true,
  async execute({ executionInput }) {
    return { output: executionInput }
  }
}

/**
 * The lifecycle behind the node: the host calls `start` for every saved flow with such a node, on
 * every API instance, and `stop` when the flow changes or goes. Each instance's timer fires, but
 * the `key` (the interval's number since the epoch) lets only one of them start the flow. The
 * operator's `TROUPE_TICKER_MIN_INTERVAL_SECONDS` (a setting of the plugin) keeps tenants from
 * ticking faster.
 */
export const everyTrigger: TriggerType<EveryParams, TickerSettings> = {
  type: 'ticker.every',
  start({ params, startExecution, logger, plugin }) {
    const { minIntervalSeconds } = plugin.settings
    if (params.intervalSeconds < minIntervalSeconds) {
      throw new Error(`intervalSeconds is ${params.intervalSeconds}, below this server's minimum of ${minIntervalSeconds}`)
    }
    const intervalMs = params.intervalSeconds * 1000
    const fire = async () => {
      const tick = Math.floor(Date.now() / intervalMs)
      try {
        await startExecution({ key: String(tick), input: { tick, firedAt: new Date(tick * intervalMs).toISOString(), payload: params.payload ?? {} } })
      } catch (error) {
        // Over the tenant's concurrency quota, for example: this tick is skipped, the next one tries again.
        logger.warn({ error: (error as Error).message }, 'a tick could not start the flow')
      }
    }
    const timer = setInterval(fire, intervalMs)
    timer.unref()
    return { stop: () => clearInterval(timer) }
  }
}
