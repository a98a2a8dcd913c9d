/**
 * JSON for a `jsonb` parameter. PostgreSQL cannot store the NUL character (`\u0000`) in jsonb;
 * one NUL in a node's output would fail the whole batch and leave its execution unfinished, so
 * each becomes U+FFFD (the replacement character). An escaped backslash followed by `u0000`
 * (the text `\\u0000`) is left alone.
 */
export function storableJson(value: unknown): string {
  const json = JSON.stringify(value)
  // A plain substring search first: the regular expression is many times slower, and NULs are rare.
  return json.includes('\\u0000') ? json.replace(/(?<!\\)((?:\\\\)*)\\u0000/g, '$1\\ufffd') : json
}
