/** A record's name as an MCP tool name: the exposure's prefix, `_`, and the name in lower case, letters, digits and `_` (`flow_daily_report`). */
export function exposedToolName(prefix: string, name: string): string {
  // MCP tool names (and OpenAI function names) are at most 64 characters.
  return `${prefix}_${slugOf(name, 63 - prefix.length)}`
}

function slugOf(name: string, maxLength: number): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[^\w\s-]/g, '')
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_')
    .slice(0, maxLength)
  return slug || 'unnamed'
}

/** Makes every name unique: a name already taken gets the start of its record's id appended. */
export function uniqueNames<T extends { name: string; id: string }>(entries: T[]): T[] {
  const seen = new Set<string>()
  return entries.map((entry) => {
    const name = seen.has(entry.name) ? `${entry.name.slice(0, 55)}_${entry.id.slice(0, 8)}` : entry.name
    seen.add(name)
    return { ...entry, name }
  })
}
