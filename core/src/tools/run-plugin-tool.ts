import type { ToolCallOutcome, ToolKindCall, ToolKindDefinition } from '@troupe/sdk/plugin'
import { createGuardedFetch } from '../net/guarded-fetch.js'
import type { NetworkPolicy } from '../net/network-policy.js'
import { createRedactor } from '../secrets/redact-secrets.js'
import { raceAbort } from '../executor/runner/node-deadline.js'
import type { StoredTool } from './stored-tool.js'
import { ToolCallError } from './tool-errors.js'
import type { OpenedSecrets } from './tool-secrets.js'
import { assertSecretsPlaced } from './secret-references.js'
import { settingsFieldOf } from './tool-settings-field.js'

const defaultTimeoutMs = 30_000
const defaultMaxResponseBytes = 1024 * 1024

/** The most a kind's `limits` may ask for one call, whatever the tool's settings say. */
const ceiling = { timeoutMs: 10 * 60_000, maxResponseBytes: 50 * 1024 * 1024 }

/** The limits of one call: the tool's (`kind.limits`), else the kind's, else the defaults; a kind's bad answer fails the call. */
function limitsOf(kind: ToolKindDefinition<never>, tool: StoredTool): { timeoutMs: number; maxBytes: number } {
  let asked: { timeoutMs?: number; maxResponseBytes?: number }
  try {
    asked = kind.limits?.(tool.settings as never) ?? {}
  } catch (error) {
    throw new ToolCallError(`Tool ${tool.name} cannot run: its kind could not work out its limits (${(error as Error)?.message ?? String(error)})`)
  }
  const pick = (value: unknown, fallback: number, most: number) => {
    if (value === undefined) return fallback
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) throw new ToolCallError(`Tool ${tool.name} cannot run: its kind asked for a limit of ${String(value)}`)
    return Math.min(value, most)
  }
  return {
    timeoutMs: pick(asked?.timeoutMs, kind.timeoutMs ?? defaultTimeoutMs, ceiling.timeoutMs),
    maxBytes: pick(asked?.maxResponseBytes, kind.maxResponseBytes ?? defaultMaxResponseBytes, ceiling.maxResponseBytes)
  }
}

/** A result may be larger than the response it came from (JSON escapes a text body): it is held to twice the response limit. */
const resultAllowance = 2

/**
 * Runs a call of a tool whose kind a plugin contributes: within the kind's time limit (or the
 * tool's, `kind.limits`), with a `fetch` that keeps to the tenants' outbound policy and the
 * secrets' origin, the result held to the kind's size limit. A kind that places secrets through
 * templates (`secretPlaces`) has them checked again first. Whatever the plugin throws becomes a
 * `ToolCallError` with the tool's secrets taken out of its message; an abort by the caller passes through.
 */
export async function runPluginTool(
  kind: ToolKindDefinition<never>,
  tool: StoredTool,
  args: Record<string, unknown>,
  opened: OpenedSecrets,
  { policy, tenantId, plugin }: { policy: NetworkPolicy; tenantId: string; plugin: ToolKindCall['plugin'] },
  signal: AbortSignal | undefined
): Promise<ToolCallOutcome> {
  if (!tool.settings) throw new ToolCallError(`Tool ${tool.name} has no settings`)
  if (kind.secretPlaces) assertSecretsPlaced(tool.name, settingsFieldOf(tool.kind), tool.settings, kind.secretPlaces, opened.secrets)
  const { timeoutMs, maxBytes } = limitsOf(kind, tool)
  const started = performance.now()
  const timeout = AbortSignal.timeout(timeoutMs)
  const callSignal = signal ? AbortSignal.any([signal, timeout]) : timeout
  const redactor = createRedactor(opened.secrets)
  const fetch = createGuardedFetch({
    policy,
    maxResponseBytes: maxBytes,
    credentialOrigin: opened.origin ?? undefined,
    secrets: Object.values(opened.secrets)
  })
  let answer: { result: unknown; logs?: string[] }
  try {
    const call = { settings: tool.settings as never, args, secrets: { ...opened.secrets }, fetch, redact: redactor.text, tenantId, signal: callSignal, plugin }
    // The call answers in time even when the plugin ignores the signal.
    answer = await raceAbort(Promise.resolve().then(() => kind.invoke(call)), callSignal)
  } catch (error) {
    if (signal?.aborted) throw error
    const reason = timeout.aborted ? `timed out after ${timeoutMs} ms` : error instanceof Error ? error.message : String(error)
    throw new ToolCallError(redactor.text(`Tool ${tool.name} failed: ${reason}`), [], performance.now() - started)
  }
  const durationMs = performance.now() - started
  const logs = Array.isArray(answer?.logs) ? answer.logs.map((line) => String(line)) : []
  let size: number
  try {
    size = Buffer.byteLength(JSON.stringify(answer?.result ?? null))
  } catch {
    throw new ToolCallError(`Tool ${tool.name} returned a result that is not JSON`, logs, durationMs)
  }
  if (size > resultAllowance * maxBytes) throw new ToolCallError(`Tool ${tool.name} returned ${size} bytes, more than its kind allows (${resultAllowance * maxBytes})`, logs, durationMs)
  return { result: answer.result ?? null, logs, durationMs }
}
