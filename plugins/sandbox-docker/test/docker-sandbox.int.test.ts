import { execFileSync } from 'node:child_process'
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import Docker from 'dockerode'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { dockerToolRuntime, RunningTools, sandboxLabel, sandboxSettings } from '../src/index.js'

// Needs a Docker engine at DOCKER_HOST with the sandbox image: see this plugin's README
// (scripts/ci/start-dockerd.sh, then plugins/sandbox-docker/image/build-image.sh).
const image = sandboxSettings().image
const docker = new Docker()
const limits = { timeoutMs: 5_000, memoryMb: 128, maxOutputBytes: 100_000 }

async function whyNotRunnable(): Promise<string | undefined> {
  if (!process.env.DOCKER_HOST) return 'DOCKER_HOST is not set (start an engine with scripts/ci/start-dockerd.sh)'
  if (!(await dockerToolRuntime.available())) {
    return `no Docker engine answers at ${process.env.DOCKER_HOST}, or it has no image ${image} (build it with plugins/sandbox-docker/image/build-image.sh)`
  }
  return undefined
}

const skipReason = await whyNotRunnable()
if (skipReason) console.warn(`Skipping the sandbox-docker integration tests: ${skipReason}`)
const imageLanguages = skipReason ? '' : ((await docker.getImage(image).inspect()).Config.Labels?.['troupe.sandbox.languages'] ?? '')
const hasPython = imageLanguages.split(',').includes('python')

const javascript = (code: string, args: Record<string, unknown> = {}, overrides: Partial<typeof limits> = {}) => ({
  code,
  language: 'javascript',
  args,
  limits: { ...limits, ...overrides }
})
const python = (code: string, args: Record<string, unknown> = {}) => ({ code, language: 'python', args, limits })

describe.skipIf(skipReason !== undefined)('sandbox-docker against a real engine', () => {
  afterEach(async () => {
    const left = await docker.listContainers({ all: true, filters: { label: [`${sandboxLabel}=1`] } })
    expect(left.map((container) => container.Names)).toEqual([])
  })

  it('is available', async () => {
    await expect(dockerToolRuntime.available()).resolves.toBe(true)
  })

  it('runs a tool and returns its result with the duration', async () => {
    const outcome = await dockerToolRuntime.run(javascript('export default ({ a, b }) => a + b', { a: 2, b: 40 }), {})
    expect(outcome).toMatchObject({ result: 42, logs: [] })
    expect(outcome.durationMs).toBeGreaterThan(0)
  })

  it('returns console output as logs', async () => {
    const outcome = await dockerToolRuntime.run(
      javascript('export default async ({ name }) => { console.log("hello", name); console.warn({ n: 1 }); return "ok" }', { name: 'Ada' }),
      {}
    )
    expect(outcome).toMatchObject({ result: 'ok', logs: ['hello Ada', '{"n":1}'] })
  })

  it('runs calls side by side, each in its own container', async () => {
    const outcomes = await Promise.all(
      [1, 2, 3, 4].map((n) => dockerToolRuntime.run(javascript('import os from "node:os"; export default ({ n }) => [n, os.hostname()]', { n }), {}))
    )
    expect(outcomes.map(({ result }) => (result as unknown[])[0])).toEqual([1, 2, 3, 4])
    expect(new Set(outcomes.map(({ result }) => (result as unknown[])[1])).size).toBe(4)
  })

  it.skipIf(!hasPython)('runs Python tools', async () => {
    const outcome = await dockerToolRuntime.run(python('def main(args):\n    print("adding")\n    return args["a"] + args["b"]', { a: 2, b: 3 }), {})
    expect(outcome).toMatchObject({ result: 5, logs: ['adding'] })
  })

  it('has no network', async () => {
    await expect(dockerToolRuntime.run(javascript('export default async () => (await fetch("http://1.1.1.1")).status'), {})).rejects.toThrow(
      'Tool error: TypeError: fetch failed'
    )
    const socket = `import net from 'node:net'
      export default () => new Promise((resolve) => {
        const socket = net.connect(53, '8.8.8.8')
        socket.on('connect', () => resolve('connected'))
        socket.on('error', (error) => resolve(error.code))
      })`
    expect((await dockerToolRuntime.run(javascript(socket), {})).result).toBe('ENETUNREACH')
    const interfaces = await dockerToolRuntime.run(javascript('import os from "node:os"; export default () => Object.keys(os.networkInterfaces())'), {})
    expect(interfaces.result).toEqual(['lo'])
  })

  it('sees none of the host: no files, no environment, no Docker socket, no root, no capabilities, a seccomp filter', async () => {
    const probe = `import fs from 'node:fs'
      const attempt = (action) => { try { action(); return 'ok' } catch (error) { return error.code } }
      const status = fs.readFileSync('/proc/self/status', 'utf8')
      const field = (name) => status.split('\\n').find((line) => line.startsWith(name + ':')).split(':')[1].trim()
      export default () => ({
        shadow: attempt(() => fs.readFileSync('/etc/shadow')),
        work: attempt(() => fs.readdirSync('/work')),
        dockerSocket: attempt(() => fs.statSync('/var/run/docker.sock')),
        writeRoot: attempt(() => fs.writeFileSync('/evil', 'x')),
        writeTmp: attempt(() => fs.writeFileSync('/tmp/scratch', 'x')),
        env: Object.keys(process.env).sort(),
        uid: process.getuid(),
        gid: process.getgid(),
        capabilities: field('CapEff'),
        noNewPrivileges: field('NoNewPrivs'),
        seccompFilter: field('Seccomp')
      })`
    const { result } = await dockerToolRuntime.run(javascript(probe), {})
    expect(result).toEqual({
      shadow: 'ENOENT',
      work: 'ENOENT',
      dockerSocket: 'ENOENT',
      writeRoot: 'EROFS',
      writeTmp: 'ok',
      env: ['HOME', 'HOSTNAME', 'PATH'],
      uid: 65534,
      gid: 65534,
      capabilities: '0000000000000000',
      noNewPrivileges: '1',
      seccompFilter: '2'
    })
  })

  it('kills a tool that outgrows its memory', async () => {
    const bomb = 'export default () => { const hoard = []; for (;;) hoard.push("x".repeat(1e5) + Math.random()) }'
    await expect(dockerToolRuntime.run(javascript(bomb, {}, { memoryMb: 32 }), {})).rejects.toThrow('Tool ran out of memory (memoryMb limit of 32 MB)')
  })

  it('kills a tool that runs too long', async () => {
    const started = performance.now()
    await expect(dockerToolRuntime.run(javascript('export default () => { for (;;) {} }', {}, { timeoutMs: 1_500 }), {})).rejects.toThrow(
      'Tool timed out after 1500 ms'
    )
    expect(performance.now() - started).toBeLessThan(6_000)
  })

  it('stops a tool when the call is aborted', async () => {
    const started = performance.now()
    const run = dockerToolRuntime.run(javascript('export default () => new Promise(() => setInterval(() => {}, 1000))', {}, { timeoutMs: 30_000 }), {
      signal: AbortSignal.timeout(1_000)
    })
    await expect(run).rejects.toMatchObject({ name: 'AbortError' })
    expect(performance.now() - started).toBeLessThan(5_000)
  })

  it('stops running tools at teardown', async () => {
    const running = new RunningTools()
    const run = dockerToolRuntime.run(javascript('export default () => { for (;;) {} }', {}, { timeoutMs: 30_000 }), { plugin: { settings: {}, state: running } })
    await new Promise((resolve) => setTimeout(resolve, 800))
    await running.stopAll()
    await expect(run).rejects.toMatchObject({ name: 'AbortError' })
  })

  it('caps the result and the logs', async () => {
    const small = { maxOutputBytes: 1_000 }
    await expect(dockerToolRuntime.run(javascript('export default () => "x".repeat(2_000)', {}, small), {})).rejects.toThrow(
      'Tool result exceeded the maxOutputBytes cap of 1000 bytes'
    )
    await expect(dockerToolRuntime.run(javascript('export default () => { for (;;) console.log("x".repeat(100)) }', {}, small), {})).rejects.toThrow(
      'Tool logs exceeded the maxOutputBytes cap of 1000 bytes'
    )
  })

  it.skipIf(!hasPython)('limits the number of processes', async () => {
    const forks = `import os, time
def main(args):
    started = 0
    try:
        for _ in range(200):
            if os.fork() == 0:
                time.sleep(10)
                os._exit(0)
            started += 1
    except OSError as error:
        return [started, error.errno]
    return [started, 0]`
    const { result } = await dockerToolRuntime.run(python(forks), {})
    const [started, errno] = result as [number, number]
    expect(started).toBeLessThan(64)
    expect(errno).toBe(os.constants.errno.EAGAIN)
  })

  it('reports errors from inside the container', async () => {
    await expect(dockerToolRuntime.run(javascript('export default () => { throw new TypeError("bad input") }'), {})).rejects.toThrow(
      'Tool error: TypeError: bad input'
    )
    await expect(dockerToolRuntime.run(javascript('export default ('), {})).rejects.toThrow('Invalid tool code: SyntaxError: Unexpected end of input')
  })

  describe('with an image that has neither node nor python3', () => {
    const emptyImage = 'troupe-sandbox-empty:test'

    beforeAll(async () => {
      const root = mkdtempSync(path.join(os.tmpdir(), 'troupe-empty-image-'))
      try {
        mkdirSync(path.join(root, 'etc'))
        writeFileSync(path.join(root, 'etc/passwd'), 'nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n')
        const tarball = path.join(root, 'rootfs.tar')
        execFileSync('tar', ['-C', root, '-cf', tarball, 'etc'])
        const [repo, tag] = emptyImage.split(':')
        const progress = await docker.importImage(tarball, { repo, tag })
        await new Promise((resolve, reject) => docker.modem.followProgress(progress, (error) => (error ? reject(error) : resolve(undefined))))
      } finally {
        rmSync(root, { recursive: true, force: true })
      }
    })

    afterAll(async () => {
      await docker.getImage(emptyImage).remove({ force: true })
    })

    it('says which program the image lacks (the image of its settings)', async () => {
      const plugin = { settings: { image: emptyImage }, state: undefined }
      await expect(dockerToolRuntime.run(python('def main(args):\n    return 1'), { plugin })).rejects.toThrow(
        `The sandbox image ${emptyImage} has no python3, so it cannot run python tools`
      )
      await expect(dockerToolRuntime.run(javascript('export default () => 1'), { plugin })).rejects.toThrow(
        `The sandbox image ${emptyImage} has no node, so it cannot run javascript tools`
      )
    })
  })
})
