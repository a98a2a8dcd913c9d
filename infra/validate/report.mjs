// Shared output of the infra validators: problems are collected, printed, and turn the exit code
// non-zero, so every validator reports everything it found in one run.

/** A list of problems found by one validator. */
export function createReport(title) {
  const problems = []
  return {
    problem(message) {
      problems.push(message)
    },
    /** Prints the result and sets the exit code; `checked` says what passed. */
    finish(checked) {
      if (problems.length === 0) {
        console.log(`ok   ${title}: ${checked}`)
        return
      }
      console.error(`FAIL ${title}: ${problems.length} problem(s)`)
      for (const message of problems) console.error(`     - ${message}`)
      process.exitCode = 1
    }
  }
}
