// A worker thread starts from plain JavaScript: whether the host's TypeScript loader reaches the
// worker depends on how the host was started (`node --import tsx` passes it on, vitest does not),
// so the worker loads its TypeScript through tsx's scoped import either way.
const { tsImport } = await import('tsx/esm/api')
await tsImport('./quickjs-worker.ts', import.meta.url)
