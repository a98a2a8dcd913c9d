export interface OllamaOptions {
  /**
   * How long the model stays loaded after a call (Ollama's `keep_alive`): a Go duration (`10m`,
   * `1h30m`, `0` to unload at once) or a number of seconds; negative keeps it loaded. Ollama's
   * default is five minutes.
   */
  keepAlive?: string | number
  /** The context window in tokens (Ollama's `num_ctx` model option); the model's default when unset. */
  numCtx?: number
  /** Used when a request names no temperature. */
  temperature?: number
  /** Extra headers sent with every request (a proxy's routing hint...). */
  headers?: Record<string, string>
}

// What Go's time.ParseDuration reads (Ollama parses keep_alive strings with it): `0`, or numbers with units.
const goDuration = '^[-+]?(0|((\\d+(\\.\\d*)?|\\.\\d+)(ns|us|µs|μs|ms|s|m|h))+)$'

/**
 * JSON Schema of the `options` of an `ollama` provider record. `headers` may not carry
 * `Authorization`: the key belongs in the record's `apiKey`, which is stored encrypted and kept
 * out of error messages, and is sent as that header.
 */
export const ollamaOptionsSchema: Record<string, unknown> = {
  type: 'object',
  additionalProperties: false,
  properties: {
    keepAlive: {
      description: 'How long the model stays loaded after a call (keep_alive): 10m, 1h, 0 to unload at once, or seconds (negative: always)',
      oneOf: [{ type: 'string', pattern: goDuration }, { type: 'number' }]
    },
    numCtx: { description: 'Context window in tokens (num_ctx)', type: 'integer', minimum: 1 },
    temperature: { type: 'number', minimum: 0, maximum: 2 },
    headers: {
      type: 'object',
      propertyNames: { pattern: '^(?![Aa][Uu][Tt][Hh][Oo][Rr][Ii][Zz][Aa][Tt][Ii][Oo][Nn]$)' },
      additionalProperties: { type: 'string' }
    }
  }
}
