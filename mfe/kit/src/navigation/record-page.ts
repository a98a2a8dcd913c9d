/** Where the workspace shows a record of each service it has a page for. */
const pages: Record<string, (id: string) => string> = {
  agents: (id) => `/crews/agents/${encodeURIComponent(id)}`,
  crews: (id) => `/crews/${encodeURIComponent(id)}`,
  tools: (id) => `/tools/${encodeURIComponent(id)}`,
  flows: (id) => `/flows/${encodeURIComponent(id)}`,
  'llm-providers': () => '/admin/llm-providers'
}

/** The workspace page of record `id` of service `path`; `undefined` when the workspace has none (a plugin's own service). */
export function recordPage(path: string, id: string): string | undefined {
  return Object.hasOwn(pages, path) && id ? pages[path](id) : undefined
}
