import type { Approval } from '@troupe/sdk'
import type { PluginHost } from '@troupe/sdk/plugin'

const timeoutMs = 10_000

/**
 * Tells the node's notification URL that an approval opened (`approval.requested`): a JSON POST
 * through the host's outbound fetch (the platform's outbound policy on every address), at most
 * ten seconds. A failure is logged with the URL's origin only and changes nothing else.
 */
export async function notifyApprovers(host: PluginHost, approval: Approval, url: string): Promise<void> {
  const body = {
    event: 'approval.requested',
    approval: {
      id: approval.id,
      executionId: approval.executionId,
      nodeId: approval.nodeId,
      flowId: approval.flowId,
      title: approval.title,
      description: approval.description,
      approverRole: approval.approverRole,
      expiresAt: approval.expiresAt
    }
  }
  try {
    const response = await host.outboundFetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs)
    })
    await response.body?.cancel()
    if (!response.ok) host.logger.warn({ origin: new URL(url).origin, status: response.status, approvalId: approval.id }, 'the approval notification was refused')
  } catch (error) {
    host.logger.warn({ origin: new URL(url).origin, error: (error as Error).message, approvalId: approval.id }, 'the approval notification failed')
  }
}
