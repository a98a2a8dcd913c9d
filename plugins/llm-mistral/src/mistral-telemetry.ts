/**
 * `MISTRAL_SDK_TELEMETRY=dedicated` makes the SDK export traces of every call to
 * `MISTRAL_OTLP_TRACES_ENDPOINT` (Mistral's by default) with the tenant's key as their bearer
 * token, over its own HTTP client and around the host's fetch. The SDK has no public switch to
 * turn that off per client, so a server with it set gets no Mistral provider rather than a leak.
 */
export function assertNoDedicatedTelemetry(env: Record<string, string | undefined> = process.env): void {
  if (env.MISTRAL_SDK_TELEMETRY?.trim().toLowerCase() === 'dedicated') {
    throw new Error('MISTRAL_SDK_TELEMETRY=dedicated would send tenant keys and prompts around the host: unset it (or use "global") to use Mistral providers')
  }
}
