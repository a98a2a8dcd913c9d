import type { ScriptedAnswer } from '@troupe/sdk/plugin/testing/provider-contract'
import { startScriptedAnthropic } from '@troupe/plugin-llm-anthropic/testing'
import { startScriptedBedrock } from '@troupe/plugin-llm-bedrock/testing'
import { scriptedReply as azureReply, startFakeAzureOpenAi } from '@troupe/plugin-llm-azure-openai/testing'
import { geminiErrors, startFakeGemini, textResponse, textStream } from '@troupe/plugin-llm-gemini/testing'
import { startFakeMistral } from '@troupe/plugin-llm-mistral/testing'
import { scriptedReply as ollamaReply, startFakeOllama } from '@troupe/plugin-llm-ollama/testing'

/** A vendor's stand-in (its real wire protocol, from its plugin's `./testing`), answering what it is told. */
export interface VendorStandIn {
  kind: string
  /** What a provider record of the kind needs to reach the stand-in. */
  record: { baseUrl: string; apiKey: string; model: string; options?: Record<string, unknown> }
  /** Queues the next answer (queue one per call that reaches the stand-in). */
  answer(next: ScriptedAnswer): void
  close(): Promise<void>
}

/** A queue of scripted answers, for stand-ins that take one answer per request from the test. */
function answers(kind: string) {
  const queue: ScriptedAnswer[] = []
  return {
    queue,
    next: (): ScriptedAnswer => {
      const answer = queue.shift()
      if (!answer) throw new Error(`The ${kind} stand-in has no answer queued`)
      return answer
    }
  }
}

async function anthropic(): Promise<VendorStandIn> {
  const standIn = await startScriptedAnthropic()
  return { kind: 'anthropic', record: { baseUrl: standIn.url, apiKey: standIn.apiKey, model: 'claude-sonnet-5-5' }, answer: (next) => standIn.answer(next), close: async () => standIn.close() }
}

async function gemini(): Promise<VendorStandIn> {
  const apiKey = 'AIzaSyStandIn0123456789abcdefghijklmnop'
  const { queue, next } = answers('gemini')
  const reply = (streamed: boolean) => {
    const answer = next()
    if ('text' in answer) return streamed ? textStream(answer.text.match(/.{1,6}/gs) ?? []) : { json: textResponse(answer.text) }
    if ('failure' in answer && answer.failure === 'overloaded') return geminiErrors.overloaded()
    if ('failure' in answer && answer.failure === 'rate_limited') return geminiErrors.rateLimited(answer.retryAfterSeconds ?? 1)
    throw new Error(`the gemini stand-in of these tests answers text, overload and rate limits, not ${JSON.stringify(answer)}`)
  }
  const fake = await startFakeGemini({ generateContent: () => reply(false), streamGenerateContent: () => reply(true) }, { apiKey })
  return { kind: 'gemini', record: { baseUrl: fake.url, apiKey, model: 'gemini-2.5-flash' }, answer: (answer) => void queue.push(answer), close: () => fake.close() }
}

async function azureOpenAi(): Promise<VendorStandIn> {
  const apiKey = '3f9c1e7a5b2d48e6a0c4f1b9d7e2a6c8'
  const { queue, next } = answers('azure-openai')
  const fake = await startFakeAzureOpenAi({
    apiKey,
    deployments: { 'gpt-4o-mini': { model: 'gpt-4o-mini-2024-07-18', chat: (request) => azureReply(next(), { streamed: request.body.stream === true, model: request.model! }) } }
  })
  return { kind: 'azure-openai', record: { baseUrl: fake.url, apiKey, model: 'gpt-4o-mini' }, answer: (answer) => void queue.push(answer), close: () => fake.close() }
}

async function mistral(): Promise<VendorStandIn> {
  const apiKey = 'mistral-stand-in-key-0123456789'
  const fake = await startFakeMistral({ apiKey })
  return { kind: 'mistral', record: { baseUrl: fake.url, apiKey, model: 'mistral-small-latest' }, answer: (answer) => fake.answer(answer), close: () => fake.close() }
}

async function ollama(): Promise<VendorStandIn> {
  const apiKey = 'olp-stand-in-7d1f0c9a5b'
  const { queue, next } = answers('ollama')
  const fake = await startFakeOllama({ 'POST /api/chat': () => ollamaReply(next()) }, { apiKey })
  return { kind: 'ollama', record: { baseUrl: fake.url, apiKey, model: 'llama3.2' }, answer: (answer) => void queue.push(answer), close: () => fake.close() }
}

async function bedrock(): Promise<VendorStandIn> {
  const standIn = await startScriptedBedrock()
  return {
    kind: 'bedrock',
    // The record's options carry the region and access key id; the secret access key is its key.
    record: { baseUrl: standIn.url, apiKey: standIn.apiKey, model: 'anthropic.claude-haiku-4-5-20251001-v1:0', options: { region: standIn.region, accessKeyId: standIn.accessKeyId } },
    answer: (next) => standIn.answer(next),
    close: async () => standIn.close()
  }
}

export const vendorStandIns = { anthropic, gemini, 'azure-openai': azureOpenAi, mistral, ollama, bedrock }

