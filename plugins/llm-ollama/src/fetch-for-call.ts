/** The fetch the Ollama client uses for one call, and what it saw of the answer. */
export interface CallFetch {
  fetch: typeof fetch
  /** The response, once its status line and headers arrived: its status and `retry-after` classify a failure. */
  response: Response | undefined
}

/**
 * Wraps the host's fetch for one call. The client takes no signal for a call (it aborts streams
 * with its own controller and none of the others), so the call's signal is added here: cancelling
 * or timing out aborts the HTTP request, before the headers or mid-stream. The response is kept,
 * since the client's errors keep its status but not its headers. `Authorization` is exactly the
 * record's key or absent: the client would otherwise add the host's `OLLAMA_API_KEY` to calls to
 * ollama.com, handing the operator's key to any tenant's record.
 */
export function fetchForCall(hostFetch: typeof fetch, signal: AbortSignal, apiKey: string | undefined): CallFetch {
  const call: CallFetch = {
    response: undefined,
    fetch: async (input, init = {}) => {
      const headers = new Headers(init.headers)
      if (apiKey) headers.set('authorization', `Bearer ${apiKey}`)
      else headers.delete('authorization')
      const response = await hostFetch(input, { ...init, headers, signal: init.signal ? AbortSignal.any([init.signal, signal]) : signal })
      call.response = response
      return response
    }
  }
  return call
}
