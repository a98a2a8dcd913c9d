import type { describe, expect, it, beforeAll, afterAll } from 'vitest'
import { LlmProviderError, type LlmFailureReason, type LlmProvider, type LlmProviderKind } from '../llm.js'
import { createTestProvider, type TestProviderOptions } from './create-test-provider.js'

/** The test runner's functions (vitest's, or any runner's with the same API), handed in so the SDK needs none. */
export interface ProviderTestApi {
  describe: typeof describe
  it: typeof it
  expect: typeof expect
  beforeAll: typeof beforeAll
  afterAll: typeof afterAll
}

/** The failures a stand-in can be told to answer with, as the vendor's real API sends them. */
export type ScriptedFailure = Exclude<LlmFailureReason, 'server' | 'network' | 'timeout' | 'bad_request'>

/**
 * What the next request to the stand-in answers, in the vendor's own wire format (its streamed
 * events when the request streams). The stand-in checks each request against the vendor's
 * documented shape and answers an error naming what is wrong when it does not match.
 */
export type ScriptedAnswer =
  | { text: string }
  /** The model asks for one tool call (parallel calls where the vendor has them: several). */
  | { toolCalls: Array<{ name: string; arguments: Record<string, unknown> }> }
  | { failure: ScriptedFailure; retryAfterSeconds?: number }
  /** Streams one piece of text, then nothing until the client goes away. */
  | { hang: true }

/** A provider plugin under the contract: its kind and a local stand-in that speaks the vendor's protocol. */
export interface ProviderUnderTest {
  kind: LlmProviderKind
  /** Starts the stand-in; answers how to create a provider against it (base URL, key, options). */
  start(): Promise<TestProviderOptions & { apiKey: string }>
  stop(): Promise<void>
  /** Queues what the stand-in answers next (one per request). */
  answer(next: ScriptedAnswer): void
  /** The bodies of the requests the stand-in received, in order, as the vendor would have read them. */
  requests(): unknown[]
  /** The model the suite asks for; one the kind's price table prices. */
  model: string
  /** Whether the vendor has embeddings (the suite then checks `embed`). */
  embeddings?: { model: string }
}

/** Whether `error` is the abort of a cancelled call, however the vendor's SDK words it. */
function isAbort(error: unknown): boolean {
  const named = error as { name?: string; message?: string }
  return named?.name === 'AbortError' || named?.name === 'APIUserAbortError' || /abort/i.test(String(named?.message))
}

/**
 * The contract every LLM provider plugin keeps, run against its stand-in: a prompt, the same
 * answer streamed, a tool call round trip, structured output, usage and a priced model, each
 * failure class raised with the reason the failover chain acts on (and the vendor's retry-after),
 * a stream cancelled mid-way, and a key never echoed. The same suite a third-party provider
 * plugin runs (`describeProviderContract({ describe, it, expect, beforeAll, afterAll }, subject)`).
 */
export function describeProviderContract(api: ProviderTestApi, subject: ProviderUnderTest): void {
  const { describe, it, expect, beforeAll, afterAll } = api
  describe(`provider contract: ${subject.kind.kind}`, () => {
    let provider: LlmProvider
    let apiKey: string
    beforeAll(async () => {
      const config = await subject.start()
      apiKey = config.apiKey
      provider = createTestProvider(subject.kind, { ...config, model: subject.model })
    })
    afterAll(() => subject.stop())
    const ask = (content: string) => ({ model: subject.model, messages: [{ role: 'user' as const, content }] })

    it('answers a prompt with its text, the model and the tokens it used, priced by the kind', async () => {
      subject.answer({ text: 'Paris is the capital of France.' })
      const result = await provider.chat(ask('Capital of France?'))
      expect(result.text).toBe('Paris is the capital of France.')
      expect(result.finishReason).toBe('stop')
      expect(result.toolCalls).toEqual([])
      expect(result.usage.promptTokens).toBeGreaterThan(0)
      expect(result.usage.completionTokens).toBeGreaterThan(0)
      expect(typeof result.model).toBe('string')
      const priced = Object.keys(subject.kind.prices?.models ?? {}).some((name) => subject.model === name || subject.model.startsWith(`${name}-`))
      expect(priced, `${subject.model} is in the kind's price table`).toBe(true)
    })

    it('streams the same answer token by token', async () => {
      subject.answer({ text: 'One, two, three.' })
      const tokens: string[] = []
      const result = await provider.chat(ask('Count to three'), { onToken: (token) => tokens.push(token) })
      expect(tokens.length).toBeGreaterThan(1)
      expect(tokens.join('')).toBe('One, two, three.')
      expect(result.text).toBe('One, two, three.')
      expect(result.usage.completionTokens).toBeGreaterThan(0)
    })

    it('asks for a tool with parsed arguments, then reads its result and answers', async () => {
      const tools = [{ name: 'get_weather', description: 'The weather in a city', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } }]
      subject.answer({ toolCalls: [{ name: 'get_weather', arguments: { city: 'Oslo' } }] })
      const first = await provider.chat({ ...ask('Weather in Oslo?'), tools })
      expect(first.finishReason).toBe('tool_calls')
      expect(first.toolCalls).toHaveLength(1)
      expect(first.toolCalls[0]).toMatchObject({ name: 'get_weather', arguments: { city: 'Oslo' } })
      expect(first.toolCalls[0]!.id).toBeTruthy()
      subject.answer({ text: 'It is 4 °C in Oslo.' })
      const second = await provider.chat({
        model: subject.model,
        tools,
        messages: [
          { role: 'user', content: 'Weather in Oslo?' },
          // As a tool-calling loop keeps it: with what the vendor needs back (`vendorData`, plugin API 1.9).
          { role: 'assistant', content: first.text, toolCalls: first.toolCalls, ...(first.vendorData && { vendorData: first.vendorData }) },
          { role: 'tool', toolCallId: first.toolCalls[0]!.id, name: 'get_weather', content: '{"celsius": 4}' }
        ]
      })
      expect(second.text).toBe('It is 4 °C in Oslo.')
      expect(JSON.stringify(subject.requests().at(-1))).toContain('celsius')
    })

    it('answers JSON for a response format (natively or as asked in words)', async () => {
      subject.answer({ text: '{"city":"Oslo","celsius":4}' })
      const schema = { type: 'object', properties: { city: { type: 'string' }, celsius: { type: 'number' } }, required: ['city', 'celsius'] }
      const result = await provider.chat({ ...ask('Weather in Oslo as JSON'), responseFormat: { type: 'json_schema', name: 'weather', schema } })
      expect(JSON.parse(result.text)).toEqual({ city: 'Oslo', celsius: 4 })
      if (subject.kind.structuredOutput === 'native') expect(JSON.stringify(subject.requests().at(-1))).toContain('celsius')
    })

    const classes: Array<[ScriptedFailure, boolean]> = [
      ['auth', true],
      ['rate_limited', true],
      ['overloaded', true],
      ['context_too_long', false],
      ['content_filtered', false]
    ]
    for (const [reason, retryable] of classes) {
      it(`raises a ${reason} failure as such (${retryable ? 'the next provider is tried' : 'no failover'}), never with the key`, async () => {
        subject.answer({ failure: reason, retryAfterSeconds: reason === 'rate_limited' ? 7 : undefined })
        const error = await provider.chat(ask('Hello')).then(
          () => undefined,
          (caught: unknown) => caught
        )
        expect(error).toBeInstanceOf(LlmProviderError)
        expect(error).toMatchObject({ reason, retryable })
        if (reason === 'rate_limited') expect((error as LlmProviderError).retryAfterMs).toBe(7000)
        expect(String((error as Error).message)).not.toContain(apiKey)
      })
    }

    it('raises a stream that stops mid-answer as a cut stream, worth the next provider', async () => {
      subject.answer({ failure: 'cut_stream' })
      const tokens: string[] = []
      const error = await provider.chat(ask('Tell me a story'), { onToken: (token) => tokens.push(token) }).then(
        () => undefined,
        (caught: unknown) => caught
      )
      expect(error).toMatchObject({ reason: 'cut_stream', retryable: true })
    })

    it('stops a streaming call when it is cancelled, at once', async () => {
      subject.answer({ hang: true })
      const controller = new AbortController()
      let first: () => void = () => undefined
      const started = new Promise<void>((resolve) => (first = resolve))
      const call = provider.chat(ask('Talk for ever'), { signal: controller.signal, onToken: () => first() })
      await started
      const abortedAt = Date.now()
      controller.abort()
      const error = await call.then(
        () => undefined,
        (caught: unknown) => caught
      )
      expect(isAbort(error), String(error)).toBe(true)
      expect(Date.now() - abortedAt).toBeLessThan(1000)
    })

    if (subject.embeddings) {
      const { model } = subject.embeddings
      it('embeds texts: one vector per text, all of one length', async () => {
        expect(provider.embed).toBeTypeOf('function')
        const result = await provider.embed!({ model, texts: ['red apple', 'green pear', 'blue sky'] })
        expect(result.vectors).toHaveLength(3)
        const [length] = result.vectors.map((vector) => vector.length)
        expect(length).toBeGreaterThan(0)
        for (const vector of result.vectors) expect(vector).toHaveLength(length!)
        expect(result.usage.promptTokens).toBeGreaterThan(0)
      })
    }
  })
}
