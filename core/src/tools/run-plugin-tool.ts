import type { ToolCallOutcome, ToolKindCall, ToolKindDefinition } from '@troupe/sdk/plugin'
import { createGuardedFetch } from '../net/guarded-fetch.js'
import type { NetworkPolicy } from '../net/network-policy.js'
import { createRedactor } from '../secrets/redact-secrets.js'
import { raceAbort } from '../executor/runner/node-deadline.js'
import type { StoredTool } from './stored-tool.js'
import { ToolCallError } from './tool-errors.js'
import type { OpenedSecrets } from './tool-secrets.js'

const defaultTimeoutMs = 30_000
const defaultMaxResponseBytes = 1024 * 1024

/**
 * Runs a call of a tool whose kind a plugin contributes: within the kind's time limit, with a
 * `fetch` that keeps to the tenants' outbound policy and the secrets' origin, the result held to
 * the kind's size limit. Whatever the plugin throws becomes a `ToolCallError` with the tool's
 * secrets taken out of its message; an abort by the caller passes through.
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
  const started = performance.now()
  const timeoutMs = kind.timeoutMs ?? defaultTimeoutMs
  const maxBytes = kind.maxResponseBytes ?? defaultMaxResponseBytes
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
    const call = { settings: tool.settings as never, args, secrets: { ...opened.secrets }, fetch, tenantId, signal: callSignal, plugin }
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
  if (size > maxBytes) throw new ToolCallError(`Tool ${tool.name} returned ${size} bytes, more than its kind allows (${maxBytes})`, logs, durationMs)
  return { result: answer.result ?? null, logs, durationMs }
}
