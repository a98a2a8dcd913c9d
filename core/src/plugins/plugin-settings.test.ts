import { describe, expect, it } from 'vitest'
import { readPluginSettings, settingVariable } from './plugin-settings.js'

const plugin = {
  id: 'llm-acme',
  settings: {
    type: 'object',
    properties: {
      requestTimeoutMs: { type: 'integer', minimum: 100, default: 30_000 },
      streaming: { type: 'boolean', default: true },
      regions: { type: 'array', items: { type: 'string' } },
      endpoint: { type: 'string', format: 'uri' },
      headers: { type: 'object', additionalProperties: { type: 'string' } },
      mode: { type: 'string', enum: ['fast', 'careful'] }
    },
    required: ['endpoint'],
    additionalProperties: false
  }
}
const endpoint = { TROUPE_LLM_ACME_ENDPOINT: 'https://acme.test/v1' }

describe("a plugin's settings", () => {
  it('are read from TROUPE_<PLUGIN>_<SETTING> in upper snake case', () => {
    expect(settingVariable('llm-acme', 'requestTimeoutMs')).toBe('TROUPE_LLM_ACME_REQUEST_TIMEOUT_MS')
    expect(settingVariable('ticker', 'minIntervalSeconds')).toBe('TROUPE_TICKER_MIN_INTERVAL_SECONDS')
  })

  it('are converted to their types, with the defaults filled in', () => {
    expect(
      readPluginSettings(plugin, {
        ...endpoint,
        TROUPE_LLM_ACME_REQUEST_TIMEOUT_MS: '5000',
        TROUPE_LLM_ACME_STREAMING: 'false',
        TROUPE_LLM_ACME_REGIONS: 'eu-west, us-east',
        TROUPE_LLM_ACME_HEADERS: '{"x-team":"ops"}',
        TROUPE_OTHER_THING: 'ignored'
      })
    ).toEqual({ endpoint: 'https://acme.test/v1', requestTimeoutMs: 5000, streaming: false, regions: ['eu-west', 'us-east'], headers: { 'x-team': 'ops' } })
    expect(readPluginSettings(plugin, endpoint)).toEqual({ endpoint: 'https://acme.test/v1', requestTimeoutMs: 30_000, streaming: true })
  })

  it('that do not fit stop the start, naming the variable', () => {
    const cases: Array<[Record<string, string>, RegExp]> = [
      [{}, /TROUPE_LLM_ACME_ENDPOINT is required \(a setting of plugin "llm-acme"\)/],
      [{ ...endpoint, TROUPE_LLM_ACME_REQUEST_TIMEOUT_MS: 'soon' }, /TROUPE_LLM_ACME_REQUEST_TIMEOUT_MS must be a number, not "soon"/],
      [{ ...endpoint, TROUPE_LLM_ACME_REQUEST_TIMEOUT_MS: '5' }, /TROUPE_LLM_ACME_REQUEST_TIMEOUT_MS must be >= 100/],
      [{ ...endpoint, TROUPE_LLM_ACME_STREAMING: 'maybe' }, /TROUPE_LLM_ACME_STREAMING must be true or false/],
      [{ ...endpoint, TROUPE_LLM_ACME_HEADERS: '{not json' }, /TROUPE_LLM_ACME_HEADERS must be JSON/],
      [{ ...endpoint, TROUPE_LLM_ACME_HEADERS: '{"x":1}' }, /TROUPE_LLM_ACME_HEADERS \(headers\.x\) must be string/],
      [{ ...endpoint, TROUPE_LLM_ACME_MODE: 'reckless' }, /TROUPE_LLM_ACME_MODE must be one of fast, careful/],
      [{ TROUPE_LLM_ACME_ENDPOINT: 'not a url' }, /TROUPE_LLM_ACME_ENDPOINT must match format "uri"/]
    ]
    for (const [env, message] of cases) expect(() => readPluginSettings(plugin, env)).toThrow(message)
  })

  it('are read from an older documented name when the new one is not set', () => {
    const renamed = { id: 'crew', settings: { type: 'object', properties: { chatHistoryTokens: { type: 'integer', default: 8000, 'x-troupe-env-aliases': ['TROUPE_CHAT_HISTORY_TOKENS'] } } } }
    expect(readPluginSettings(renamed, { TROUPE_CHAT_HISTORY_TOKENS: '100' })).toEqual({ chatHistoryTokens: 100 })
    expect(readPluginSettings(renamed, { TROUPE_CHAT_HISTORY_TOKENS: '100', TROUPE_CREW_CHAT_HISTORY_TOKENS: '200' })).toEqual({ chatHistoryTokens: 200 })
    expect(() => readPluginSettings(renamed, { TROUPE_CHAT_HISTORY_TOKENS: 'lots' })).toThrow(/TROUPE_CHAT_HISTORY_TOKENS must be a number/)
  })

  it("name the variable the operator set when an older name's value does not fit (the OpenAI plugin's OPENAI_BASE_URL)", async () => {
    const { default: openAi } = await import('@troupe/plugin-llm-openai')
    expect(readPluginSettings(openAi, { OPENAI_BASE_URL: 'https://gateway.test/v1', OPENAI_API_KEY: 'sk-x' })).toEqual({ baseUrl: 'https://gateway.test/v1', apiKey: 'sk-x' })
    expect(() => readPluginSettings(openAi, { OPENAI_BASE_URL: 'ftp://gateway.test/v1' })).toThrow(/OPENAI_BASE_URL must match pattern/)
    expect(() => readPluginSettings(openAi, { OPENAI_BASE_URL: 'not a url' })).toThrow(/^Invalid configuration: OPENAI_BASE_URL must match /)
    expect(() => readPluginSettings(openAi, { TROUPE_LLM_OPENAI_BASE_URL: 'nope' })).toThrow(/^Invalid configuration: TROUPE_LLM_OPENAI_BASE_URL must match /)
  })

  it('are empty for a plugin without a schema', () => {
    expect(readPluginSettings({ id: 'plain', settings: undefined }, { TROUPE_PLAIN_X: '1' })).toEqual({})
  })
})
