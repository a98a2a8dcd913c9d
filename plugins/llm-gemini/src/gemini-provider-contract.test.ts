import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { describeProviderContract, type ScriptedAnswer } from '@troupe/sdk/plugin/testing/provider-contract'
import {
  chunk,
  functionCallResponse,
  functionCallStream,
  geminiErrors,
  promptBlocked,
  startFakeGemini,
  textResponse,
  textStream,
  type FakeGemini,
  type FakeReply,
  type RecordedRequest
} from '../test/fake-gemini-server.js'
import { geminiProviderKind } from './gemini-provider.js'

const apiKey = 'AIzaSyContract0123456789abcdefghijklmn'
const usage = { prompt: 12, candidates: 7, thoughts: 21 }

/** The answer's text in a few stream pieces, as Gemini cuts them. */
const pieces = (text: string) => text.match(/.{1,5}/gs) ?? []

/** What the stand-in answers for a scripted answer, streamed when the request streams, as Gemini does. */
function replyFor(answer: ScriptedAnswer, request: RecordedRequest): FakeReply {
  const streamed = request.rpc === 'streamGenerateContent'
  if ('text' in answer) return streamed ? textStream(pieces(answer.text), { usage }) : { json: textResponse(answer.text, { usage }) }
  if ('toolCalls' in answer) {
    const calls = answer.toolCalls.map((call) => ({ name: call.name, args: call.arguments }))
    return streamed ? functionCallStream(calls, { usage }) : { json: functionCallResponse(calls, { usage }) }
  }
  if ('hang' in answer) return { stream: [chunk([{ text: 'Once' }])], holdOpen: true }
  switch (answer.failure) {
    case 'auth':
      return geminiErrors.invalidApiKey()
    case 'rate_limited':
      return geminiErrors.rateLimited(answer.retryAfterSeconds ?? 1)
    case 'overloaded':
      return geminiErrors.overloaded()
    case 'context_too_long':
      return geminiErrors.contextTooLong()
    case 'content_filtered':
      return { json: promptBlocked('SAFETY') }
    case 'cut_stream':
      return { stream: [chunk([{ text: 'Once upon' }]), chunk([{ text: ' a time' }])] }
  }
}

let server: FakeGemini
const queue: ScriptedAnswer[] = []

describeProviderContract(
  { describe, it, expect, beforeAll, afterAll },
  {
    kind: geminiProviderKind,
    model: 'gemini-2.5-flash',
    embeddings: { model: 'gemini-embedding-001' },
    async start() {
      server = await startFakeGemini(
        {
          generateContent: (request) => replyFor(queue.shift() ?? { text: 'unscripted' }, request),
          streamGenerateContent: (request) => replyFor(queue.shift() ?? { text: 'unscripted' }, request),
          batchEmbedContents: (request) => ({
            json: {
              embeddings: (request.body.requests as Array<{ content: { parts: Array<{ text: string }> } }>).map(({ content }) => ({
                values: [content.parts[0]!.text.length / 10, 0.5, -0.25]
              })),
              usageMetadata: { promptTokenCount: 6, promptTokenDetails: [{ modality: 'TEXT', tokenCount: 6 }] }
            }
          })
        },
        { apiKey }
      )
      return { baseUrl: server.url, apiKey }
    },
    stop: () => server.close(),
    answer: (next) => void queue.push(next),
    requests: () => server.requests.map((request) => request.body)
  }
)
