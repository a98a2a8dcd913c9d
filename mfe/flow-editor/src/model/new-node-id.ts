/**
 * A readable id for a new node of `type`, unique in the flow: `delay`, then `delay_2`, ... (ids
 * appear in templates such as `{{ nodes.delay.output }}`, so short names help).
 */
export function newNodeId(type: string, taken: Iterable<string>): string {
  const used = new Set(taken)
  const base = (type.split('.').pop() ?? 'node').replace(/[^A-Za-z0-9_-]/g, '_') || 'node'
  if (!used.has(base)) return base
  for (let n = 2; ; n++) {
    const candidate = `${base}_${n}`
    if (!used.has(candidate)) return candidate
  }
}
