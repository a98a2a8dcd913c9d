import { describe, expect, it, vi } from 'vitest'
import { fetchForCall } from './fetch-for-call.js'

const answering = () => vi.fn<typeof fetch>(async () => new Response('{}', { status: 200, headers: { 'x-request-id': 'r-1' } }))

describe('fetchForCall', () => {
  it("sends the record's key as the only Authorization, keeping the other headers", async () => {
    const hostFetch = answering()
    const call = fetchForCall(hostFetch, new AbortController().signal, 'olp-key')
    await call.fetch('http://127.0.0.1:11434/api/chat', { method: 'POST', headers: { Authorization: 'Bearer from-env', 'X-Route': 'gpu-2' } })
    const headers = new Headers(hostFetch.mock.calls[0]![1]!.headers)
    expect(headers.get('authorization')).toBe('Bearer olp-key')
    expect(headers.get('x-route')).toBe('gpu-2')
  })

  it('sends no Authorization at all without a key', async () => {
    const hostFetch = answering()
    await fetchForCall(hostFetch, new AbortController().signal, undefined).fetch('https://ollama.com/api/chat', { headers: { authorization: 'Bearer from-env' } })
    expect(new Headers(hostFetch.mock.calls[0]![1]!.headers).has('authorization')).toBe(false)
  })

  it('keeps the response, to classify a failure by its status and headers', async () => {
    const call = fetchForCall(answering(), new AbortController().signal, undefined)
    expect(call.response).toBeUndefined()
    await call.fetch('http://127.0.0.1:11434/api/embed')
    expect(call.response?.headers.get('x-request-id')).toBe('r-1')
  })

  it("aborts the request with the call's signal, beside the client's own", async () => {
    const hostFetch = answering()
    const callSignal = new AbortController()
    const clientSignal = new AbortController()
    await fetchForCall(hostFetch, callSignal.signal, undefined).fetch('http://127.0.0.1:11434/api/chat', { signal: clientSignal.signal })
    await fetchForCall(hostFetch, callSignal.signal, undefined).fetch('http://127.0.0.1:11434/api/embed')
    const [withClientSignal, withoutOne] = hostFetch.mock.calls.map(([, init]) => init!.signal!)
    expect([withClientSignal.aborted, withoutOne.aborted]).toEqual([false, false])
    callSignal.abort()
    expect([withClientSignal.aborted, withoutOne.aborted]).toEqual([true, true])
  })
})
