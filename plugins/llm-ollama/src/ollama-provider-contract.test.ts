import type { ScriptedAnswer } from '@troupe/sdk/plugin/testing/provider-contract'
import { describeProviderContract } from '@troupe/sdk/plugin/testing/provider-contract'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { embedReply, scriptedReply, startFakeOllama, type FakeOllama } from '../test/fake-ollama-server.js'
import { ollamaProviderKind } from './ollama-provider.js'

// A proxy's key: the stand-in refuses calls without it, so every call of the suite shows it is sent.
const apiKey = 'olp-contract-7d1f0c9a5b'
const answers: ScriptedAnswer[] = []
let fake: FakeOllama

describeProviderContract(
  { describe, it, expect, beforeAll, afterAll },
  {
    kind: ollamaProviderKind,
    model: 'llama3.2',
    embeddings: { model: 'nomic-embed-text' },
    async start() {
      fake = await startFakeOllama(
        {
          'POST /api/chat': () => {
            const next = answers.shift()
            if (!next) throw new Error('The contract suite asked without queueing an answer')
            return scriptedReply(next)
          },
          'POST /api/embed': (request) => embedReply(request.body)
        },
        { apiKey }
      )
      return { baseUrl: fake.url, apiKey }
    },
    stop: () => fake.close(),
    answer: (next) => answers.push(next),
    requests: () => fake.requests.filter((request) => request.path === '/api/chat').map((request) => request.body)
  }
)
