/**
 * JSON for a `jsonb` parameter. PostgreSQL cannot store the NUL character (`\u0000`) in jsonb,
 * nor half of a surrogate pair (a lone `\ud800`, which a string may hold and `JSON.stringify`
 * writes as an escape); one of them in a node's output would fail the whole batch, so each becomes
 * U+FFFD (the replacement character). An escaped backslash followed by `u0000` (the text
 * `\\u0000`) is left alone. Paired surrogates are written as the characters themselves, never as
 * escapes, so every escaped one is a lone half.
 */
export function storableJson(value: unknown): string {
  const json = JSON.stringify(value)
  // Plain substring searches first: the regular expression is many times slower, and both are rare.
  return json.includes('\\u0000') || json.includes('\\ud') ? json.replace(/(?<!\\)((?:\\\\)*)\\u(?:0000|d[89a-f][0-9a-f]{2})/g, '$1\\ufffd') : json
}
