/**
 * Runs `task` while holding a lock shared by every tab of the origin. Refresh tokens work once and
 * a reused one revokes the session: two tabs refreshing at the same moment would present the same
 * cookie, so they take turns (each then sends the cookie the previous one received).
 */
export async function withRefreshLock<T>(task: () => Promise<T>): Promise<T> {
  const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined
  if (!locks) return task()
  return locks.request('troupe-session-refresh', task) as Promise<T>
}
