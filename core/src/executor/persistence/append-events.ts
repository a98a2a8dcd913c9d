/** Waits between tries of an append; appends are idempotent, so trying one again is safe. */
const retryDelaysMs = [100, 500, 2000]

/**
 * The log store did not take an execution's events, even when asked again. The batch's node
 * states and status are stored (the PostgreSQL statement had committed), so the run stops like
 * after a crash: its lease runs out, and the runner that takes it over resumes it after the last
 * event the store holds.
 */
export class EventAppendError extends Error {
  constructor(cause: Error) {
    super(`The log store did not take the execution's events: ${cause.message}`, { cause })
    this.name = 'EventAppendError'
  }
}

/** Runs `append`, trying again after a failure while `delaysMs` has waits left. */
export async function appendWithRetries(append: () => Promise<void>, delaysMs: readonly number[] = retryDelaysMs): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await append()
    } catch (error) {
      if (attempt >= delaysMs.length) throw error
      await new Promise((resolve) => setTimeout(resolve, delaysMs[attempt]))
    }
  }
}
