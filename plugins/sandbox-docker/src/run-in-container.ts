import { randomUUID } from 'node:crypto'
import type { Duplex } from 'node:stream'
import { finished } from 'node:stream/promises'
import { setTimeout as delay } from 'node:timers/promises'
import type Docker from 'dockerode'
import type { ToolRunLimits } from '@troupe/sdk/plugin'
import { containerOptions } from './container-options.js'
import { abortError, runtimeStartMs } from './limits.js'
import { OutputCollector } from './output-collector.js'
import { readOutcome, type StopReason } from './read-outcome.js'
import { runnerCommand } from './runner-command.js'
import type { SandboxSettings } from './sandbox-settings.js'

export interface ContainerRun {
  docker: Docker
  language: string
  /** The tool's source: an ES module (JavaScript) or a script defining `main(args)` (Python). */
  code: string
  args: Record<string, unknown>
  limits: ToolRunLimits
  allowedHosts: string[]
  settings: SandboxSettings
  signal?: AbortSignal
}

/** How long the output may take to arrive once the container has exited. */
const drainMs = 2_000

/**
 * Runs one tool call in a container of its own and removes that container afterwards, whatever
 * happened. The code and arguments go in through stdin (nothing through the environment or the
 * file system); the result comes back as the runner's last stdout line, everything else is logs.
 */
export async function runInContainer(run: ContainerRun): Promise<{ result: unknown; logs: string[] }> {
  const { docker, limits, signal } = run
  if (signal?.aborted) throw abortError(signal)
  const marker = `@@troupe-result-${randomUUID()}@@`
  const input = inputLine(run.code, run.args, marker)
  const name = `troupe-sandbox-${randomUUID()}`
  const command = runnerCommand(run.language)
  const options = containerOptions({ name, command, limits, allowedHosts: run.allowedHosts, settings: run.settings })

  let stream: Duplex | undefined
  let timer: NodeJS.Timeout | undefined
  let onAbort: (() => void) | undefined
  try {
    const container = await docker.createContainer({ ...options, abortSignal: signal })
    const kill = () => void container.kill().catch(() => undefined)
    let stoppedFor: StopReason | undefined
    const stop = (reason: StopReason) => {
      stoppedFor ??= reason
      kill()
    }
    onAbort = kill
    signal?.addEventListener('abort', onAbort, { once: true })

    const output = new OutputCollector(marker, limits.maxOutputBytes, stop)
    stream = (await container.attach({ stream: true, stdin: true, stdout: true, stderr: true, hijack: true, abortSignal: signal })) as Duplex
    const drained = finished(stream).catch(() => undefined)
    docker.modem.demuxStream(stream, output.stdout, output.stderr)

    await startContainer(container, run.language, run.settings.image, command[0])
    // An abort while the container was starting found nothing to kill yet.
    if (signal?.aborted) throw abortError(signal)
    stream.end(input)
    timer = setTimeout(() => stop('timeout'), limits.timeoutMs + runtimeStartMs)

    const { StatusCode } = (await container.wait()) as { StatusCode: number }
    await Promise.race([drained, delay(drainMs, undefined, { ref: false })])
    output.finish()
    if (signal?.aborted) throw abortError(signal)
    const { State } = await container.inspect()
    const result = readOutcome(
      { stoppedFor, exitCode: StatusCode, oomKilled: State.OOMKilled, report: output.report, stderrTail: output.stderrTail },
      limits
    )
    return { result, logs: output.logs }
  } catch (error) {
    if (signal?.aborted) throw abortError(signal)
    throw error
  } finally {
    clearTimeout(timer)
    if (onAbort) signal?.removeEventListener('abort', onAbort)
    stream?.destroy()
    // By name: this also finds a container whose creation was aborted or went unanswered.
    await docker.getContainer(name).remove({ force: true }).catch(() => undefined)
  }
}

/** The runner's input: one JSON line, so the runner needs no end-of-file to start. */
function inputLine(code: string, args: Record<string, unknown>, marker: string): string {
  try {
    return `${JSON.stringify({ code, args: args ?? {}, marker })}\n`
  } catch (error) {
    throw new Error(`Tool arguments are not JSON-serializable: ${(error as Error).message}`)
  }
}

/** Starts the container; an image without the language's program gets an error that says so. */
async function startContainer(container: Docker.Container, language: string, image: string, program: string): Promise<void> {
  try {
    await container.start()
  } catch (error) {
    if (/executable file not found|no such file or directory/i.test((error as Error).message)) {
      throw new Error(`The sandbox image ${image} has no ${program}, so it cannot run ${language} tools`)
    }
    throw error
  }
}
