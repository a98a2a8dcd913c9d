import { describeProviderContract } from '@troupe/sdk/plugin/testing/provider-contract'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startScriptedBedrock, type ScriptedBedrock } from '../test/bedrock-stand-in.js'
import { bedrockProviderKind } from './bedrock-provider.js'

let standIn: ScriptedBedrock | undefined

describeProviderContract(
  { describe, it, expect, beforeAll, afterAll },
  {
    kind: bedrockProviderKind,
    model: 'amazon.nova-lite-v1:0',
    embeddings: { model: 'amazon.titan-embed-text-v2:0' },
    async start() {
      standIn = await startScriptedBedrock()
      return { baseUrl: standIn.url, apiKey: standIn.apiKey, options: { region: standIn.region, accessKeyId: standIn.accessKeyId } }
    },
    stop: async () => standIn?.close(),
    answer: (next) => standIn!.answer(next),
    requests: () => standIn!.bodies()
  }
)
