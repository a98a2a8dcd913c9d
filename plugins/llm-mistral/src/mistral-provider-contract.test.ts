import { describeProviderContract } from '@troupe/sdk/plugin/testing/provider-contract'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startFakeMistral, type FakeMistral } from '../test/fake-mistral-server.js'
import { mistralProviderKind } from './mistral-provider.js'

const apiKey = 'mistral-contract-key-0123456789'
let fake: FakeMistral

describeProviderContract(
  { describe, it, expect, beforeAll, afterAll },
  {
    kind: mistralProviderKind,
    model: 'mistral-small-latest',
    embeddings: { model: 'mistral-embed' },
    async start() {
      fake = await startFakeMistral({ apiKey })
      return { baseUrl: fake.url, apiKey }
    },
    stop: () => fake.close(),
    answer: (next) => fake.answer(next),
    requests: () => fake.requests.map((request) => request.body)
  }
)
