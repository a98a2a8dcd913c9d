/** The error `promise` rejects with; fails the test when it resolves instead. */
export async function rejectionOf(promise: Promise<unknown>): Promise<Error> {
  const error = await promise.then(
    () => undefined,
    (reason: Error) => reason
  )
  if (!error) throw new Error('Expected the call to fail')
  return error
}
