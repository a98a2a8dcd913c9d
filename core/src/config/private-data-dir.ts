import { chmod, lstat, mkdir, readdir, stat } from 'node:fs/promises'
import path from 'node:path'
import { isMainThread } from 'node:worker_threads'

/** Mode bits of the group and of others: none may be set inside the data directory. */
const othersBits = 0o077

/** Creates `dir` (and its missing parents) readable by the server's own user only. */
export async function createPrivateDir(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 })
}

const missingIsNothing = (error: NodeJS.ErrnoException) => {
  if (error.code === 'ENOENT') return undefined
  throw error
}

/**
 * Takes the group's and others' rights off `entry` (and, with `recursive`, off everything under
 * it): directories become 0700, files keep only their owner's bits (0666 becomes 0600). `entry`
 * itself may be a symbolic link (a data directory placed elsewhere); links under it are not
 * followed, so nothing outside changes. Only what Troupe itself writes is walked, never a whole
 * `TROUPE_DATA_DIR` that may be shared with other programs. Answers the paths that could not be
 * tightened (another owner, a file system without modes) for the caller to report; what is
 * missing, or vanishes during the walk, is nothing to tighten.
 */
export async function tighten(entry: string, { recursive = false } = {}): Promise<string[]> {
  const refused: string[] = []
  const visit = async (current: string, top: boolean) => {
    const stats = await (top ? stat(current) : lstat(current)).catch(missingIsNothing)
    if (!stats || stats.isSymbolicLink()) return
    if ((stats.mode & othersBits) !== 0) {
      await chmod(current, stats.isDirectory() ? 0o700 : stats.mode & 0o700).catch(() => refused.push(current))
    }
    if (recursive && stats.isDirectory()) {
      for (const name of (await readdir(current).catch(missingIsNothing)) ?? []) await visit(path.join(current, name), false)
    }
  }
  await visit(entry, true)
  return refused
}

/** One warning for everything `tighten` could not make private, or for a umask that could not be set. */
export function warnNotPrivate(logger: { warn(data: object, message: string): void } | undefined, refused: string[], umaskRestricted = true): void {
  if (!refused.length && umaskRestricted) return
  logger?.warn(
    { notPrivate: refused.slice(0, 10), notPrivateCount: refused.length, umaskRestricted },
    'Part of the data directory could not be made private to the server\'s user (chmod refused, or no umask in a worker thread): other local users may be able to read it'
  )
}

/**
 * New files of this process get no rights for the group or others (umask 077). The embedded
 * database needs it: PGlite creates its files through Node with the process umask, so this is
 * the only way they are born private. A worker thread cannot change the umask: it answers false.
 */
export function restrictNewFiles(): boolean {
  if (!isMainThread) return false
  process.umask(0o077)
  return true
}
