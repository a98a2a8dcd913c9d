import { describeProviderContract } from '@troupe/sdk/plugin/testing/provider-contract'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startScriptedAnthropic, type ScriptedAnthropic } from '../test/anthropic-stand-in.js'
import { anthropicProviderKind } from './anthropic-provider.js'

let standIn: ScriptedAnthropic | undefined

describeProviderContract(
  { describe, it, expect, beforeAll, afterAll },
  {
    kind: anthropicProviderKind,
    model: 'claude-sonnet-5-5',
    async start() {
      standIn = await startScriptedAnthropic()
      return { baseUrl: standIn.url, apiKey: standIn.apiKey }
    },
    stop: async () => standIn?.close(),
    answer: (next) => standIn!.answer(next),
    requests: () => standIn!.bodies()
  }
)
