/** Most words of a recall query that count. */
const maxTerms = 32

/**
 * A Postgres `to_tsquery('simple', ...)` text matching any of the query's words (OR, not AND:
 * a memory is relevant when it shares some words, and ranking sorts out how many). Only letters
 * and digits survive, so the query syntax cannot be injected.
 */
export function anyWordQuery(text: string): string | undefined {
  const words = [...new Set(text.toLowerCase().match(/[\p{L}\p{N}]{3,}/gu) ?? [])].slice(0, maxTerms)
  return words.length > 0 ? words.join(' | ') : undefined
}
