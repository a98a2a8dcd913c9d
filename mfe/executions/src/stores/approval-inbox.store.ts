import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { Approval, ApprovalDecision } from '@troupe/sdk'
import { useApi } from '@troupe/mfe-kit'

const pageSize = 50

/** The tenant's pending approvals, kept live by the `approvals` service events, and deciding them. */
export const useApprovalInboxStore = defineStore('executions/approval-inbox', () => {
  const pending = ref<Approval[]>([])
  const total = ref(0)
  const loading = ref(false)
  const error = ref<unknown>()
  /** Per approval: the decision being sent, and what the last attempt answered when it failed. */
  const deciding = ref<Record<string, ApprovalDecision['decision'] | undefined>>({})
  const failures = ref<Record<string, unknown>>({})

  async function load() {
    loading.value = true
    error.value = undefined
    try {
      const page = await useApi().service('approvals').find({ query: { status: 'pending', $sort: { createdAt: -1 }, $limit: pageSize } })
      pending.value = page.data
      total.value = page.total
    } catch (caught) {
      error.value = caught
    } finally {
      loading.value = false
    }
  }

  /** A new approval (`created`) or a decided one (`patched`): the inbox holds the pending ones only. */
  function onChanged(approval: Approval) {
    const known = pending.value.some((item) => item.id === approval.id)
    if (approval.status !== 'pending') {
      if (known) {
        pending.value = pending.value.filter((item) => item.id !== approval.id)
        total.value = Math.max(0, total.value - 1)
      }
      return
    }
    if (known) pending.value = pending.value.map((item) => (item.id === approval.id ? approval : item))
    else {
      pending.value = [approval, ...pending.value]
      total.value += 1
    }
  }

  async function decide(approval: Approval, decision: ApprovalDecision['decision'], data?: Record<string, unknown>) {
    deciding.value = { ...deciding.value, [approval.id]: decision }
    failures.value = { ...failures.value, [approval.id]: undefined }
    try {
      const decided = await useApi()
        .service('executions/:executionId/approvals')
        .create({ nodeId: approval.nodeId, decision, ...(data && Object.keys(data).length ? { data } : {}) }, { route: { executionId: approval.executionId } })
      onChanged(decided)
      return decided
    } catch (caught) {
      failures.value = { ...failures.value, [approval.id]: caught }
      return undefined
    } finally {
      deciding.value = { ...deciding.value, [approval.id]: undefined }
    }
  }

  return { pending, total, loading, error, deciding, failures, load, onChanged, decide }
})
