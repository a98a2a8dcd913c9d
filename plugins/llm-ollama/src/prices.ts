import type { PriceTable } from '@troupe/sdk/plugin'

/**
 * Models served by Ollama run on the operator's own hardware and have no list price: the kind's
 * default chat and embedding models are listed at 0 so their calls show as priced, and any other
 * model costs 0 as well. A provider record's own `pricing` sets a cost (hardware, a paid proxy).
 */
export const ollamaPrices: PriceTable = {
  asOf: '2026-12-07',
  models: {
    'llama3.2': { inputPerMTok: 0, outputPerMTok: 0 },
    'nomic-embed-text': { inputPerMTok: 0, outputPerMTok: 0 }
  }
}
