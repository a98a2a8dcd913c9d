/**
 * What reaches data without naming it: `$` and `$$` (the context and the root), `*`, `**` and `%`
 * (wildcards, descendants, parent) and `$eval` (names built at run time). A plain `$name` is a
 * variable or a function, which reach the data only through one of these or through names.
 */
const unnamedAccess = /\$(?![A-Za-z0-9_])|[*%]|\beval\b/

/**
 * `data` with only the top-level fields `expression` may read, so that no more than that is copied
 * to a worker: those it spells anywhere, or all when it can reach fields without naming them. Found
 * by plain text search (a superset), so that nothing of the expression is parsed in the calling
 * thread: parsing a tenant's text is the workers' job.
 */
export function dataReadBy(expression: string, data: Record<string, unknown>): Record<string, unknown> {
  if (unnamedAccess.test(expression)) return data
  const read: Record<string, unknown> = {}
  for (const key of Object.keys(data)) if (expression.includes(key)) read[key] = data[key]
  return read
}
