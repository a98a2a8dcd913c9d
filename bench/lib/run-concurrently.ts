export interface LoadResult {
  completed: number
  elapsedMs: number
  perSecond: number
}

/**
 * Calls `task(i)` for i = 0, 1, 2, ... with `concurrency` calls in flight, until `total` calls
 * were started or `maxMs` has passed (calls in flight then still finish). Any failed call fails it all.
 */
export async function runConcurrently(
  options: { total: number; concurrency: number; maxMs: number },
  task: (index: number) => Promise<void>
): Promise<LoadResult> {
  const started = performance.now()
  let next = 0
  let completed = 0
  const worker = async () => {
    while (next < options.total && performance.now() - started < options.maxMs) {
      await task(next++)
      completed++
    }
  }
  await Promise.all(Array.from({ length: options.concurrency }, worker))
  const elapsedMs = performance.now() - started
  return { completed, elapsedMs, perSecond: (completed * 1000) / elapsedMs }
}
