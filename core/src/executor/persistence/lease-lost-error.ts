/** The runner lost its claim on an execution (it stalled past its lease and another took over). */
export class LeaseLostError extends Error {
  constructor(executionId: string) {
    super(`lost the lease on execution ${executionId}`)
    this.name = 'LeaseLostError'
  }
}
