/** A flow's name as an MCP tool name: `flow_` and the name in lower case, letters, digits and `_`. */
export function flowToolName(name: string): string {
  return `flow_${slugOf(name)}`
}

/** A crew's name as an MCP tool name: `crew_` and the name like a flow's. */
export function crewToolName(name: string): string {
  return `crew_${slugOf(name)}`
}

function slugOf(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[^\w\s-]/g, '')
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_')
    .slice(0, 58)
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
