import { describeProviderContract, type ScriptedAnswer } from '@troupe/sdk/plugin/testing/provider-contract'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { embeddingsList, scriptedReply, startFakeAzureOpenAi, type FakeAzureOpenAi } from '../test/fake-azure-openai.js'
import { azureOpenAiProviderKind } from './azure-openai-provider.js'

const apiKey = '3f9c1e7a5b2d48e6a0c4f1b9d7e2a6c8'
const answers: ScriptedAnswer[] = []
let fake: FakeAzureOpenAi

// Deployments named after their models, the common convention; the record's defaults otherwise (api-version 2024-10-21).
describeProviderContract(
  { describe, it, expect, beforeAll, afterAll },
  {
    kind: azureOpenAiProviderKind,
    model: 'gpt-4o-mini',
    embeddings: { model: 'text-embedding-3-small' },
    async start() {
      fake = await startFakeAzureOpenAi({
        apiKey,
        deployments: {
          'gpt-4o-mini': {
            model: 'gpt-4o-mini-2024-07-18',
            chat: (request) => {
              const next = answers.shift()
              if (!next) throw new Error('The contract suite asked without queueing an answer')
              return scriptedReply(next, { streamed: request.body.stream === true, model: request.model! })
            }
          },
          'text-embedding-3-small': { model: 'text-embedding-3-small', embeddings: (request) => embeddingsList(request.model!, request.body.input) }
        }
      })
      return { baseUrl: fake.url, apiKey }
    },
    stop: () => fake.close(),
    answer: (next) => void answers.push(next),
    requests: () => fake.requests.filter((request) => request.operation === 'chat/completions').map((request) => request.body)
  }
)
