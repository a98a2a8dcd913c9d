import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import path from 'node:path'

/** The `troupe` command line (`core/bin/troupe.mjs`). */
export const troupeCli = path.resolve(import.meta.dirname, '../bin/troupe.mjs')

export interface Launched {
  child: ChildProcess
  /** The API's URL (`start` only). */
  url?: string
}

/** A `troupe start` or `troupe worker` child process, followed from its first line to its exit. */
export interface TroupeProcess {
  child: ChildProcess
  /** Everything it wrote so far, stdout and stderr. */
  output(): string
  /** Its URL (`start`) or `undefined` (`worker`) once it says it is running; rejects when it exits before. */
  running: Promise<string | undefined>
  /** Settles when it exits, however it ends (tests that kill it, or a process that kills itself). */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>
}

/**
 * Starts `troupe start` or `troupe worker` as a child process with `env` (and Node options
 * `execArgv`, such as `--cpu-prof`). Every child is added to `children`, for the caller to kill in
 * `afterAll`.
 */
export function spawnTroupe(command: 'start' | 'worker', env: Record<string, string>, children: ChildProcess[], execArgv: string[] = []): TroupeProcess {
  const child = spawn(process.execPath, [...execArgv, troupeCli, command], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
  children.push(child)
  let output = ''
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })))
  const running = new Promise<string | undefined>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString()
      const url = /running on (http:\/\/[\d.]+:\d+)/.exec(output)?.[1]
      if (url || /worker .* is running/.test(output)) resolve(url)
    })
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()))
    void exited.then(({ code }) => reject(new Error(`${command} exited with ${code}: ${output}`)))
  })
  // A process that is expected to die before it says it runs must not make an unhandled rejection.
  running.catch(() => undefined)
  return { child, output: () => output, running, exited }
}

/**
 * Starts `troupe start` or `troupe worker` as a child process with `env`, resolving once it says
 * it is running. Every child is added to `children`, for the caller to kill in `afterAll`.
 */
export async function launchTroupe(command: 'start' | 'worker', env: Record<string, string>, children: ChildProcess[]): Promise<Launched> {
  const launched = spawnTroupe(command, env, children)
  return { child: launched.child, url: await launched.running }
}

/**
 * The environment of `troupe start` and `troupe worker` processes sharing `databaseUrl` and the
 * Redis of REDIS_URL (queue mode), under a Redis namespace of their own (`name-<random>`): a fixed
 * secret key (all of them sign and read the same tokens), fast password hashing, quiet logs and
 * the suite's `extra` settings.
 */
export function sharedServerEnv(name: string, databaseUrl: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    PORT: '0',
    DATABASE_URL: databaseUrl,
    REDIS_URL: process.env.REDIS_URL!,
    TROUPE_REDIS_NAMESPACE: `${name}-${randomBytes(4).toString('hex')}`,
    TROUPE_SECRET_KEY: `${name}-test-secret-key-0123456789abcdef0123456789`,
    TROUPE_BCRYPT_ROUNDS: '4',
    LOG_LEVEL: 'warn',
    ...extra
  }
}
